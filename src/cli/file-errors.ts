// Node's file-system errors ("ENOTDIR: not a directory, mkdir 'x/y'") as one line naming the path
// and what is wrong with it in words: they almost always mean a path the user gave is wrong.

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of this path is a file, not a folder',
  EEXIST: 'already exists and is not a folder',
  EISDIR: 'is a folder; expected a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'on a read-only file system',
  ENOSPC: 'no space left on the device',
};

/** "path: reason" for a file-system error on a path, undefined for anything else. */
export function describeFileError(error: unknown): string | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string' || !(code in REASONS)) return undefined;
  return `${path}: ${REASONS[code]!}`;
}
