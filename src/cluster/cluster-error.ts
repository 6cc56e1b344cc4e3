// The error for a cluster setup problem the user can fix (a malformed or unreachable Redis URL, a
// study name Redis does not hold, a missing sbatch): the command line reports it as one line and
// exits 2, like any other bad input.
export class ClusterSetupError extends Error {
  override name = 'ClusterSetupError';
}
