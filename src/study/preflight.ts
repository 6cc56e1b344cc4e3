// Before a study trains anything: load each mini-experiment's data once, as its jobs will. Data
// that cannot load (a missing file, a wrong --data-dir) would fail every job of the mini-experiment
// the same way, so it stops the study on one line instead of filling the ledger with failures.
import { loadDatasets, resolveDatasetSettings } from '../data/registry.js';
import { dataLoadOptions } from '../engine/run-one.js';
import { splitSeedOf } from './plan.js';
import type { Job, StudySpec } from './types.js';
import { InputError } from '../util/input-error.js';

/** A mini-experiment whose data cannot load: an input problem (exit 2), named by mini-experiment. */
export class StudyDataError extends InputError {
  override name = 'StudyDataError';
}

/** Loads the data of every mini-experiment that has pending jobs; throws StudyDataError on the first that cannot. */
export async function checkStudyData(spec: StudySpec, pending: readonly Job[]): Promise<void> {
  const datasets = await loadDatasets();
  for (const experiment of spec.miniExperiments) {
    const jobs = pending.filter((job) => job.miniExperiment === experiment.id).length;
    if (jobs === 0) continue;
    try {
      const dataset = datasets.get(experiment.dataset);
      const settings = resolveDatasetSettings(dataset, experiment.datasetSettings);
      await dataset.load({ ...dataLoadOptions({ splitSeed: splitSeedOf(spec, experiment, 0), dataDir: spec.dataDir }), settings });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StudyDataError(`${experiment.id}: its data cannot load, so none of its ${jobs} pending jobs was started: ${reason}`);
    }
  }
}
