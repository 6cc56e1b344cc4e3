// Readers for the study's original dataset formats (files the user has; none install offline).
export { decodeText, encodingSetting, readText, readLines, splitLines, TEXT_ENCODINGS, type TextEncoding } from './text-file.js';
export { DataNotFoundError, DEV_FRACTION, locateDataFiles, findOptional, carveDev, type DataFilesSpec } from './data-dir.js';
export { defineCachopoDataset, CACHOPO_VARIANTS, type CachopoDatasetInfo } from './cachopo.js';
export { loadConllSplits, type ConllSplitsSpec } from './conll-splits.js';
export { readSentenceLines, type SentenceLinesOptions } from './sentence-lines.js';
export { readTrec, TREC_COARSE_LABELS, type TrecLabels, type TrecOptions } from './trec.js';
export { readLabelledTsv, type LabelledTsvOptions } from './tsv.js';
export { readNewsgroups, parsePost, type NewsgroupsOptions, type Post } from './newsgroups.js';
export { readConll, bioParts, isChunkTag, type ConllLayout, type ConllOptions, type ConllSeparator } from './conll.js';
