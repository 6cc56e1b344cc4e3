// Tests that read data a Debian package installs (Fashion-MNIST) skip on a machine without it,
// saying how to get it; with ACTBENCH_REQUIRE_SYSTEM_TOOLS=1 (CI) a missing folder is a failure,
// as skipUnlessTool treats a missing program.
import { existsSync } from 'node:fs';

/** false when `folder` exists, else the skip reason. */
export function skipUnlessFolder(folder: string, install: string): string | false {
  if (existsSync(folder)) return false;
  const reason = `${folder} is missing (${install})`;
  if (process.env['ACTBENCH_REQUIRE_SYSTEM_TOOLS'] === '1')
    throw new Error(`${reason}, and ACTBENCH_REQUIRE_SYSTEM_TOOLS=1 forbids skipping`);
  return reason;
}
