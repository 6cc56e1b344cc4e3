#!/usr/bin/env node
// The actbench bin: runs the command line (cli.ts) on this process's arguments and streams and
// exits with its code, after warning when the compiled build is older than the sources.
import { hideBin } from 'yargs/helpers';
import { runCli } from './cli.js';
import { warnIfStaleBuild } from './stale-build.js';

warnIfStaleBuild();
process.exitCode = await runCli(hideBin(process.argv));
