// The error for a cluster setup problem the user can fix (a malformed or unreachable Redis URL, a
// study name Redis does not hold, a missing sbatch): the command line reports it as one line and
// exits 2, like any other bad input.
import { InputError } from '../util/input-error.js';

export class ClusterSetupError extends InputError {
  override name = 'ClusterSetupError';
}
