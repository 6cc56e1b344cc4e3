import { defineLabelledLineFilesDataset } from '../src/data/readers/labelled-line-files.js';

export default defineLabelledLineFilesDataset({
  name: 'mr',
  source:
    'Pang & Lee 2005 sentence polarity v1.0 (rt-polaritydata.tar.gz): rt-polarity.pos and rt-polarity.neg, one review sentence a line, latin-1, 5331 each; read from --data-dir',
  size: 10662,
  origin: 'rt-polaritydata.tar.gz, Pang & Lee 2005',
  subfolder: 'rt-polaritydata',
  files: { positive: 'rt-polarity.pos', negative: 'rt-polarity.neg' },
});
