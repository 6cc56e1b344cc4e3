// Where a command's study spec comes from: a spec file (JSON or YAML) or a named preset, exactly
// one of them, with the command line's overrides (backend, data folder) applied before it is
// validated (a spec of original-format datasets is only valid with its data folder). Problems are
// StudySpecErrors: one line naming the file, preset or flag.
import { readFile } from 'node:fs/promises';
import { looksBinary } from '../util/echo.js';
import { PRESET_NAMES, presetSpec } from './presets.js';
import { parseStudySpec, StudySpecError, validateStudySpec } from './spec.js';
import type { StudySpec } from './types.js';

export interface SpecSource {
  specFile?: string;
  preset?: string;
  /** Replaces the spec's backend. */
  backend?: string;
  /** Replaces the spec's data folder. */
  dataDir?: string;
}

/** The validated spec of `source`; `command` names the command in the message when neither or both are given. */
export async function loadStudySpec(source: SpecSource, command: string): Promise<StudySpec> {
  if ((source.specFile === undefined) === (source.preset === undefined)) {
    throw new StudySpecError(`${command}: give a spec file or --preset NAME (one of them)`);
  }
  if (source.preset !== undefined) {
    if (!(PRESET_NAMES as readonly string[]).includes(source.preset)) {
      throw new StudySpecError(`--preset: unknown preset '${source.preset}'; choose ${PRESET_NAMES.join(', ')}`);
    }
    return presetSpec(source.preset, overrides(source));
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(source.specFile!);
  } catch {
    throw new StudySpecError(`${source.specFile}: cannot read the study spec`);
  }
  // Parsing binary data as YAML would echo it back as one enormous "value".
  if (looksBinary(bytes))
    throw new StudySpecError(`${source.specFile}: not a text file (it holds NUL bytes); expected a JSON or YAML study spec`);
  return parseStudySpec(bytes.toString('utf8'), source.specFile!, overrides(source));
}

/**
 * A validated spec with the command line's backend and data folder, validated again, so a
 * --backend typo or a missing --data-dir folder fails like one in a file (`origin` starts the message).
 */
export async function withOverrides(spec: StudySpec, source: Pick<SpecSource, 'backend' | 'dataDir'>, origin: string): Promise<StudySpec> {
  const given = overrides(source);
  return Object.keys(given).length === 0 ? spec : validateStudySpec({ ...spec, ...given }, origin);
}

function overrides(source: Pick<SpecSource, 'backend' | 'dataDir'>): { backend?: string; dataDir?: string } {
  return { ...(source.backend ? { backend: source.backend } : {}), ...(source.dataDir ? { dataDir: source.dataDir } : {}) };
}
