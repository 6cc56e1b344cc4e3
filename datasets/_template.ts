// TEMPLATE for a new dataset: copy this file to datasets/<name>.ts, then change what the comments
// ask for. Discovery skips files whose names start with '_' (src/plugins/discover.ts), so this one
// is never registered; it is still type-checked, so it stays a working example. The rules behind
// each field: docs/contributing.md §4.
//
// The example: a text classification corpus the user downloads themselves, in fastText's format
// (one example a line, `__label__<label> <text>`), as train.txt and test.txt.
import { defineTextDataset } from '../src/data/registry.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { carveDev, locateDataFiles } from '../src/data/readers/data-dir.js';
import { excerpt, readLines } from '../src/data/readers/text-file.js';
import { DataFormatError, type TextExample } from '../src/data/types.js';

const LINE = /^__label__(\S+)\s+(.*)$/;

/**
 * The readers return plain arrays of plain objects (tasks make the tensors). A line that is not
 * what the format promises is a DataFormatError naming the file, the 1-based line and what was
 * expected, never a skipped line.
 */
async function readFastTextLines(file: string, lowercase: boolean): Promise<TextExample[]> {
  const lines = await readLines(file, 'utf8', "'__label__<label> <text>' lines");
  return lines.map((line, index) => {
    const match = LINE.exec(line);
    if (!match) throw new DataFormatError(file, index + 1, `expected '__label__<label> <text>', found ${excerpt(line)}`);
    const text = match[2]!.trim();
    return { text: lowercase ? text.toLowerCase() : text, label: match[1]! };
  });
}

// Named, so that load() can validate its settings against this very declaration.
const dataset = defineTextDataset({
  // Lowercase letters, digits and '-'; unique among the datasets.
  name: 'template-fasttext',
  // sentence or document (text classification), tagging, or vision; tasks check the kind they need.
  group: 'sentence',
  // One line: where the data comes from and, for files the user provides, how to get them.
  source: "a corpus in fastText's format: train.txt and test.txt, lines '__label__<label> <text>', UTF-8; read from --data-dir",
  // Roughly how many examples, for listings.
  size: 10000,
  // true only when `npm ci` (or one Debian package) installs the data and no --data-dir is needed.
  offline: false,
  splitDescription: 'official train and test; dev is 10% of train, stratified by label, seeded',
  // Settings load() accepts, with their allowed values and defaults (validated by settingsFor).
  settings: {
    lowercase: { values: [false, true], default: false, description: 'lowercase the text as it is read' },
  },
  load: async (options = {}) => {
    const settings = settingsFor(dataset, options);
    // Looks in --data-dir, then <data-dir>/template-fasttext; a missing file is one line saying
    // what is expected where and where it comes from (DataNotFoundError).
    const files = await locateDataFiles(options.dataDir, {
      dataset: 'template-fasttext',
      origin: 'wherever the corpus is published',
      required: { train: ['train.txt'], test: ['test.txt'] },
    });
    const lowercase = settings['lowercase'] === true;
    const train = await readFastTextLines(files.train, lowercase);
    const test = await readFastTextLines(files.test, lowercase);
    // No official dev set: carve it from train with the run's seed, never from test.
    return carveDev(train, test, options.seed ?? DEFAULT_SEED, (example) => example.label);
  },
});

export default dataset;
