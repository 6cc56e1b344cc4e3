// Tests that drive a real system program (clang, chromium, redis-server, slurmctld) skip on a
// machine without it, saying how to get it. CI sets ACTBENCH_REQUIRE_SYSTEM_TOOLS=1 after
// installing them, and there a missing program is a failure: CI must never pass by skipping.
import { spawnSync } from 'node:child_process';

/** false when `command` runs (`command --version` or the given probe args exit 0), else the skip reason. */
export function skipUnlessTool(command: string, install: string, probeArgs: string[] = ['--version']): string | false {
  const probe = spawnSync(command, probeArgs, { stdio: 'ignore', timeout: 30_000 });
  if (probe.status === 0) return false;
  const reason = `${command} is not available (${install})`;
  if (process.env['ACTBENCH_REQUIRE_SYSTEM_TOOLS'] === '1')
    throw new Error(`${reason}, and ACTBENCH_REQUIRE_SYSTEM_TOOLS=1 forbids skipping`);
  return reason;
}
