// Plain data shapes shared by the dataset readers, the dataset registry and the tasks.
import type { SettingDeclarations } from '../plugins/settings.js';
import { InputError } from '../util/input-error.js';

/** One labelled text (a sentence or a document). */
export interface TextExample {
  text: string;
  label: string;
}

/** One tagged sentence: tokens and one tag per token. */
export interface TaggedSentence {
  tokens: string[];
  tags: string[];
}

export interface Splits<E> {
  train: E[];
  dev: E[];
  test: E[];
}

export type DatasetGroup = 'sentence' | 'document' | 'tagging' | 'vision';

/** Options every dataset's load() understands. */
export interface LoadOptions {
  /** Seeds the split where the source has none of its own. */
  seed?: number;
  /** Folder holding the original files, for datasets that are not installed with npm. */
  dataDir?: string;
  /** Dataset-specific settings (e.g. { tagset: 'fine' } for Brown POS), validated by the dataset. */
  settings?: Record<string, string | number | boolean>;
}

interface DatasetInfo {
  /** Lowercase, hyphenated, unique. */
  name: string;
  group: DatasetGroup;
  /** Where the data comes from (package, path, paper) in one line. */
  source: string;
  /** Approximate size in examples (sentences, documents or images), for listings. */
  size: number;
  /** true when it installs with `npm ci` (or a Debian package) and needs no --data-dir. */
  offline: boolean;
  /** How train/dev/test are made, in one line. */
  splitDescription: string;
  /** Settings load() accepts, with their allowed values and defaults, for listings and validation. */
  settings?: SettingDeclarations;
}

export interface TextClassificationDataset extends DatasetInfo {
  kind: 'text-classification';
  load(options?: LoadOptions): Promise<Splits<TextExample>>;
}

export interface TaggingDataset extends DatasetInfo {
  kind: 'tagging';
  load(options?: LoadOptions): Promise<Splits<TaggedSentence>>;
}

/**
 * Labelled images stored as raw bytes, NHWC: image i occupies
 * pixels[i*height*width*channels … (i+1)*height*width*channels), row-major, channels last.
 */
export interface ImageSet {
  pixels: Uint8Array;
  /** Class index per image, 0-based, into the dataset's classNames. */
  labels: Int32Array;
  count: number;
  height: number;
  width: number;
  channels: number;
}

export interface ImageSplits {
  train: ImageSet;
  dev: ImageSet;
  test: ImageSet;
  classNames: string[];
}

export interface ImageClassificationDataset extends DatasetInfo {
  kind: 'image-classification';
  /** [height, width, channels] of every image. */
  imageShape: [number, number, number];
  load(options?: LoadOptions): Promise<ImageSplits>;
}

export type Dataset = TextClassificationDataset | TaggingDataset | ImageClassificationDataset;

/**
 * A file that does not hold what its format promises: the message names the file, the line
 * (1-based, when there is one) and what was expected there.
 */
export class DataFormatError extends InputError {
  override name = 'DataFormatError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly expected: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${expected}`);
  }
}
