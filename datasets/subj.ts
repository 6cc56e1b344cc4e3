import { defineLabelledLineFilesDataset } from '../src/data/readers/labelled-line-files.js';

export default defineLabelledLineFilesDataset({
  name: 'subj',
  source:
    'Pang & Lee 2004 subjectivity v1.0 (rotten_imdb.tar.gz): quote.tok.gt9.5000 (subjective) and plot.tok.gt9.5000 (objective), one sentence a line, latin-1, 5000 each; read from --data-dir',
  size: 10000,
  origin: 'rotten_imdb.tar.gz, Pang & Lee 2004',
  subfolder: 'rotten_imdb',
  files: { subjective: 'quote.tok.gt9.5000', objective: 'plot.tok.gt9.5000' },
});
