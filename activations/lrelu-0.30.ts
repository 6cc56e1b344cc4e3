import { leakyRelu } from '../src/activation/leaky-relu.js';

export default leakyRelu('lrelu-0.30', 0.3, ['lrelu-0.3', 'leakyrelu-0.3', 'leakyrelu-0.30']);
