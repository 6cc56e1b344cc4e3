// The base of every error that means "what the user gave is wrong": a name, a flag, a file, a data
// folder. The command line prints such an error as one line and exits with the code the error
// carries, so a new kind of bad input needs no edit of the command line's error handling.
export class InputError extends Error {
  /**
   * 2, against 1 for failures while running. A getter on the prototype rather than a field, so
   * that printing or serialising an error shows the same properties as before it had one.
   */
  get exitCode(): number {
    return 2;
  }
}
