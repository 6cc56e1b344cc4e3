// Where an npm-installed data package lives. Resolved through Node's own lookup, so it works
// wherever npm put the package (hoisted, nested, or a workspace), from src/ and from dist/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export interface InstalledPackage {
  name: string;
  version: string;
  dir: string;
}

export class MissingDataPackageError extends Error {
  override name = 'MissingDataPackageError';
}

const found = new Map<string, InstalledPackage>();

export function installedPackage(name: string): InstalledPackage {
  const cached = found.get(name);
  if (cached) return cached;
  let manifest: string;
  try {
    manifest = require.resolve(`${name}/package.json`);
  } catch {
    throw new MissingDataPackageError(`the data package '${name}' is not installed; run 'npm ci' in the project folder`);
  }
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const result = { name, version, dir: path.dirname(manifest) };
  found.set(name, result);
  return result;
}

/** A file inside an installed package. */
export function packageFile(name: string, ...relative: string[]): string {
  return path.join(installedPackage(name).dir, ...relative);
}

/**
 * `name@version (npm): origin` for a dataset's listing. Never throws: listing datasets must work
 * before the data is installed, and load() reports the missing package.
 */
export function packageSource(name: string, origin: string): string {
  let version = 'not installed';
  try {
    version = installedPackage(name).version;
  } catch {
    // Reported by load().
  }
  return `${name}@${version} (npm): ${origin}`;
}
