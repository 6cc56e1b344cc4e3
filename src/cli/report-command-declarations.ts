// `actbench report` and `actbench compare` as the command line declares them: flags and the
// handlers that read them. They sit apart from report-commands.ts, which they import on demand:
// the report library takes a quarter of a second to load, every command's declaration is loaded
// at start-up, and compareCommand stays synchronous for the callers that run it directly.
import type { Output } from './activation-commands.js';
import { command } from './flags.js';

export function reportCommands(io: Output) {
  return {
    report: command({
      command: 'report <dir>',
      describe: "write a study's report: stability tables, rankings, tests, charts, summary.json and index.html",
      builder: (y) =>
        y
          .positional('dir', { type: 'string', demandOption: true, describe: 'study folder (ledger.jsonl, spec.json)' })
          .option('out', { type: 'string', describe: 'report folder (default: DIR/report)' })
          .option('reference', { type: 'string', describe: 'activation the others are tested against (default: relu)' })
          .option('alpha', { type: 'string', describe: 'significance level of the tests and the critical difference (default: 0.05)' })
          .option('rope', {
            type: 'string',
            describe: 'half-width of the region of practical equivalence of the Bayesian signed-rank test, in score units (default: 0.005)',
          })
          .option('claims', {
            type: 'string',
            describe: "claims file to check against the study (default: E18's, reports/claims/e18.yaml; --no-claims: none)",
          }),
      handler: async (args) => {
        const { reportCommand } = await import('./report-commands.js');
        // yargs turns --no-claims into claims: false.
        const claims = (args.claims as unknown) === false ? false : args.claims;
        await reportCommand({ dir: args.dir, out: args.out, reference: args.reference, alpha: args.alpha, rope: args.rope, claims }, io);
      },
    }),
    compare: command({
      command: 'compare <old> <new>',
      describe:
        'compare two studies (folders, report folders or summary.json): deltas, paired tests, regressions; exit code 1 on a significant regression',
      builder: (y) =>
        y
          .positional('old', { type: 'string', demandOption: true, describe: 'the earlier study folder, report folder or summary.json' })
          .positional('new', { type: 'string', demandOption: true, describe: 'the later one' })
          .option('threshold', { type: 'string', describe: 'a mean drop beyond this counts (score units; default 0.01)' })
          .option('alpha', { type: 'string', describe: 'significance level after Holm correction (default 0.05)' })
          .option('md', { type: 'string', describe: 'write the Markdown to this file instead of stdout' })
          .option('rope', {
            type: 'string',
            describe:
              'also gate on the Bayesian signed-rank test with this rope (score units; bare --rope: 0.005): exit 1 when P(new worse) exceeds --rope-probability',
          })
          .option('rope-probability', { type: 'string', describe: 'P(new worse) above which --rope counts a regression (default 0.95)' }),
      handler: async (args) => {
        const { compareCommand } = await import('./report-commands.js');
        compareCommand(
          {
            old: args.old,
            new: args.new,
            threshold: args.threshold,
            alpha: args.alpha,
            md: args.md,
            rope: args.rope,
            ropeProbability: args['rope-probability'],
          },
          io,
        );
      },
    }),
  };
}
