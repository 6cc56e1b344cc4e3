import { defineCachopoDataset } from '../src/data/readers/cachopo.js';

export default defineCachopoDataset({ name: 'r8', classes: 8, trainSize: 5485, testSize: 2189 });
