import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderFailureGroups } from './failure-groups.js';

test('failures group by status and first line of the reason, most frequent first, naming where they struck', () => {
  const missing = 'DataNotFoundError: /data/rt-polarity.pos not found\n    at stack';
  const text = renderFailureGroups([
    { status: 'failed', error: missing, miniExperiment: 'sentence-classification/mr' },
    { status: 'timeout', error: 'exceeded the time limit of 60 s', miniExperiment: 'sequence-tagging/brown-pos' },
    { status: 'failed', error: missing, miniExperiment: 'sentence-classification/mr' },
    { status: 'failed', error: missing, miniExperiment: 'sentence-classification/mr-2' },
  ]);
  assert.equal(
    text,
    'failures by reason:\n' +
      '  3 failed in sentence-classification/mr, sentence-classification/mr-2: DataNotFoundError: /data/rt-polarity.pos not found\n' +
      '  1 timeout in sequence-tagging/brown-pos: exceeded the time limit of 60 s\n',
  );
  assert.equal(renderFailureGroups([]), '');
  const long = renderFailureGroups([{ status: 'failed', error: 'x'.repeat(500), miniExperiment: 'm' }]);
  assert.ok(long.length < 220 && long.includes('…'), 'a long reason is cut');
});
