// Redis URLs: what parses, the one-line errors for what does not, and redaction, which must hide
// the password in every form a URL or an error message can carry it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRedisUrl, redactRedisUrl, redactSecrets } from './redis-url.js';

test('redaction masks the password and only the password', () => {
  const cases: [string, string][] = [
    ['redis://:s3cret@db.example:6379/2', 'redis://:***@db.example:6379/2'],
    ['redis://worker:s3cret@db.example', 'redis://worker:***@db.example'],
    ['rediss://db.example:6380?password=s3cret&family=6', 'rediss://db.example:6380?password=***&family=6'],
    ['redis://:p%40ss%3Aword@h:1', 'redis://:***@h:1'],
    // A lone word before '@' may be a password to some clients.
    ['redis://s3cret@h:1', 'redis://***@h:1'],
    // Nothing secret: unchanged.
    ['redis://127.0.0.1:6379/0', 'redis://127.0.0.1:6379/0'],
    // An unencoded '@' in the password: everything up to the last '@' is hidden.
    ['redis://:s3c@ret@h:1', 'redis://:***@h:1'],
    // Not URLs at all, still masked: a typo must not print the password.
    [':s3cret@h:6379', ':***@h:6379'],
    ['worker:s3cret@h', 'worker:***@h'],
    ['s3cret@h', '***@h'],
    ['redis//:s3cret@h', 'redis//:***@h'],
    ['h:6379?password=s3cret', 'h:6379?password=***'],
  ];
  for (const [url, expected] of cases) assert.equal(redactRedisUrl(url), expected, url);
});

test('a valid URL keeps its text for the client and a redacted one for messages', () => {
  const target = parseRedisUrl('  redis://:p%40ss@127.0.0.1:6390/3 ');
  assert.equal(target.url, 'redis://:p%40ss@127.0.0.1:6390/3');
  assert.equal(target.display, 'redis://:***@127.0.0.1:6390/3');
  assert.deepEqual(target.secrets, ['p%40ss', 'p@ss']);
  assert.deepEqual(parseRedisUrl('redis://h').secrets, []);
});

test('a malformed URL is one line naming the flag, without the password', () => {
  const cases: [string, RegExp][] = [
    ['localhost:6379', /^--redis localhost:6379: no redis:\/\/ in front; expected redis:\/\//],
    [':hunter2@localhost:6379', /^--redis :\*\*\*@localhost:6379: no redis:\/\/ in front/],
    ['http://:hunter2@h:1', /^--redis http:\/\/:\*\*\*@h:1: unknown scheme 'http:\/\/'/],
    ['redis://:hunter2@h:99999', /^--redis redis:\/\/:\*\*\*@h:99999: not a valid URL/],
    ['redis://:hunter2@h:1/cache', /^--redis redis:\/\/:\*\*\*@h:1\/cache: '\/cache' is not a database number/],
    ['', /^--redis '': no redis:\/\/ in front/],
  ];
  for (const [url, expected] of cases) {
    assert.throws(
      () => parseRedisUrl(url),
      (error: Error) => {
        assert.equal(error.name, 'ClusterSetupError');
        assert.match(error.message, expected);
        assert.ok(!error.message.includes('hunter2') && !error.message.includes('\n'), error.message);
        return true;
      },
      url,
    );
  }
  assert.throws(() => parseRedisUrl('nope', 'ACTBENCH_REDIS_URL'), /^ClusterSetupError: ACTBENCH_REDIS_URL nope:/);
});

test('messages written by libraries lose the URL and every form of the password', () => {
  const target = parseRedisUrl('redis://:p%40ss@h:1');
  assert.equal(
    redactSecrets('connecting to redis://:p%40ss@h:1 failed: AUTH p@ss rejected (p%40ss)', target),
    'connecting to redis://:***@h:1 failed: AUTH *** rejected (***)',
  );
  const query = parseRedisUrl('redis://h:1?password=a%20b');
  assert.equal(redactSecrets('password a b, a%20b', query), 'password ***, ***');
});
