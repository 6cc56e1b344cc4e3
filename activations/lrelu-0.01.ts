import { leakyRelu } from '../src/activation/leaky-relu.js';

export default leakyRelu('lrelu-0.01', 0.01, ['leakyrelu-0.01', 'leakyrelu', 'lrelu', 'leaky-relu']);
