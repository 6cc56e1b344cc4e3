import { defineCachopoDataset } from '../src/data/readers/cachopo.js';

export default defineCachopoDataset({ name: 'r52', classes: 52, trainSize: 6532, testSize: 2568 });
