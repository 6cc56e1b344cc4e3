// SiLU is swish with β = 1 under the name later papers and PyTorch use; the same function.
import { defineActivation } from '../src/activation/define.js';
import swish from './swish.js';

export default defineActivation({
  ...swish,
  name: 'silu',
  aliases: ['sigmoid-linear-unit'],
  formula: 'x · σ(x)',
  source: 'Hendrycks & Gimpel 2016 (GELU paper); Elfwing, Uchibe & Doya 2018',
  inStudy: false,
});
