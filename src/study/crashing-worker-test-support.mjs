// A stand-in study worker for runner tests: it crashes (exits mid-job) on the jobs the test names,
// the first time each is seen or every time, and answers every other job with a fixed result.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const crashOnce = new Set((process.env.CRASH_ONCE ?? '').split(',').filter(Boolean));
const crashAlways = new Set((process.env.CRASH_ALWAYS ?? '').split(',').filter(Boolean));
const seenFile = process.env.SEEN_FILE;

process.send({ kind: 'ready', backend: 'test' });
process.on('message', ({ job }) => {
  const seen = existsSync(seenFile) ? readFileSync(seenFile, 'utf8').split('\n') : [];
  appendFileSync(seenFile, `${job.key}\n`);
  if (crashAlways.has(job.key) || (crashOnce.has(job.key) && !seen.includes(job.key))) process.exit(70);
  const result = {
    task: 't',
    dataset: 'd',
    activation: job.activation,
    backend: 'test',
    hparams: job.hparams,
    settings: {},
    status: 'ok',
    dev: { accuracy: 1 },
    test: { accuracy: 1 },
    baseline: {},
    epochs: 1,
    bestEpoch: 1,
    history: [],
    seconds: 0,
  };
  process.send({ kind: 'result', key: job.key, result });
});
