// Measures what the per-run diagnostics cost (docs/performance.md): jobs of the quick study's
// mini-experiments, each trained with diagnostics on and off in one process, the side that goes
// first alternating by job and repeat, after one warm-up run per mini-experiment (data loading,
// kernel compilation). Prints one JSON line per mini-experiment: the relative overhead of each
// (job, repeat) pair, (on − off) / off of the job's wall time, as median and range; and the
// probe's own measured time as a share of the rest of its run, median and range.
//
//   nice -n 10 node --import tsx scripts/diagnostics-overhead.ts [--jobs 3] [--repeats 3] [--backend wasm] [--only ID-PREFIX]
import { parseArgs } from 'node:util';
import { initBackend } from '../src/backend/backends.js';
import { runOne, type RunRequest } from '../src/engine/run-one.js';
import { planJobs } from '../src/study/plan.js';
import { PRESETS } from '../src/study/presets.js';
import { validateStudySpec } from '../src/study/spec.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '3' },
    repeats: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'wasm' },
    only: { type: 'string' },
  },
});
const jobsPerMini = Number(values.jobs);
const repeats = Number(values.repeats);
await initBackend(values.backend);
const spec = await validateStudySpec(PRESETS.quick, 'preset quick');
const plan = await planJobs(spec);

function median(sorted: number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

for (const mini of spec.miniExperiments.filter((experiment) => values.only === undefined || experiment.id.startsWith(values.only!))) {
  // Jobs of different configurations and activations: configuration i with the (3i)-th activation of the plan.
  const jobs = plan.filter((job) => job.miniExperiment === mini.id);
  const activations = [...new Set(jobs.map((job) => job.activation))];
  const picked = Array.from(
    { length: jobsPerMini },
    (_, i) => jobs.find((job) => job.configIndex === i && job.activation === activations[(3 * i) % activations.length])!,
  );
  const request = (job: (typeof picked)[number], diagnostics: boolean): RunRequest => ({
    task: mini.task,
    dataset: mini.dataset,
    activation: job.activation,
    hparams: job.hparams,
    settings: mini.settings,
    datasetSettings: mini.datasetSettings,
    seed: job.seed,
    splitSeed: job.splitSeed,
    maxEpochs: mini.maxEpochs,
    limit: mini.limit,
    diagnostics,
  });
  await runOne(request(picked[0]!, true));
  const overheads: number[] = [];
  // The probe's own time inside each run with diagnostics, against the rest of that run: unlike
  // the difference of two runs, it does not carry the load of whatever else the machine runs.
  const shares: number[] = [];
  let secondsOn = 0;
  let secondsOff = 0;
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const [index, job] of picked.entries()) {
      const onFirst = (repeat + index) % 2 === 0;
      const first = await runOne(request(job, onFirst));
      const second = await runOne(request(job, !onFirst));
      const [on, off] = onFirst ? [first, second] : [second, first];
      overheads.push((on.seconds - off.seconds) / off.seconds);
      const probe = on.diagnostics?.seconds ?? 0;
      shares.push(probe / (on.seconds - probe));
      secondsOn += on.seconds;
      secondsOff += off.seconds;
    }
  }
  const sorted = [...overheads].sort((a, b) => a - b);
  const sortedShares = [...shares].sort((a, b) => a - b);
  const percent = (value: number) => Math.round(value * 1000) / 10;
  console.log(
    JSON.stringify({
      miniExperiment: mini.id,
      pairs: overheads.length,
      medianOverheadPercent: percent(median(sorted)),
      rangePercent: [percent(sorted[0]!), percent(sorted.at(-1)!)],
      totalOverheadPercent: percent((secondsOn - secondsOff) / secondsOff),
      medianProbeSharePercent: percent(median(sortedShares)),
      probeShareRangePercent: [percent(sortedShares[0]!), percent(sortedShares.at(-1)!)],
      meanSecondsOff: Math.round((secondsOff / overheads.length) * 1000) / 1000,
    }),
  );
}
