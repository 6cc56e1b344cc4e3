// Redis URLs as the queue commands take them, and the one redaction that every message, log line
// and error naming such a URL goes through, so that a password given in the URL never leaves the
// process as text.
import { ClusterSetupError } from './cluster-error.js';

/** A checked Redis URL: `url` goes to the client only, `display` (password masked) everywhere else. */
export interface RedisTarget {
  url: string;
  display: string;
  /** The secret parts of the URL as written and as decoded, for redactSecrets. */
  secrets: string[];
}

const MASK = '***';
const EXPECTED = 'expected redis://[user:password@]host[:port][/db] (rediss:// for TLS)';

/**
 * The text with its password replaced by ***: after the first ':' of the userinfo (everything
 * between '//' and the last '@'; a lone word there is masked whole, since some clients read
 * `secret@host` as a password) and in ?password=. Works on text as typed, URL or not, and leaves
 * the rest of it exactly as typed.
 */
export function redactRedisUrl(text: string): string {
  let masked = text.replace(/password=[^&#\s]*/gi, `password=${MASK}`);
  const at = masked.lastIndexOf('@');
  if (at >= 0) {
    const slashes = masked.indexOf('//');
    const start = slashes >= 0 && slashes < at ? slashes + 2 : 0;
    const userinfo = masked.slice(start, at);
    const colon = userinfo.indexOf(':');
    const visible = colon >= 0 ? `${userinfo.slice(0, colon + 1)}${MASK}` : MASK;
    masked = `${masked.slice(0, start)}${visible}${masked.slice(at)}`;
  }
  return masked;
}

/** Checks `text` as a Redis URL; `flag` names where it came from in the one-line error. */
export function parseRedisUrl(text: string, flag = '--redis'): RedisTarget {
  const trimmed = text.trim();
  const fail = (problem: string): never => {
    throw new ClusterSetupError(`${flag} ${redactRedisUrl(trimmed) || "''"}: ${problem}; ${EXPECTED}`);
  };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return fail(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? 'not a valid URL' : 'no redis:// in front');
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) fail('no redis:// in front');
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') fail(`unknown scheme '${url.protocol}//'`);
  if (url.hostname === '') fail('no host');
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d+$/.test(url.pathname)) fail(`'${url.pathname}' is not a database number`);
  const secrets = new Set<string>();
  const addSecret = (value: string): void => {
    if (value === '') return;
    secrets.add(value);
    try {
      secrets.add(decodeURIComponent(value));
    } catch {
      // A malformed percent escape: the raw form is all there is.
    }
  };
  addSecret(url.password);
  const queryPassword = url.searchParams.get('password');
  if (queryPassword !== null) {
    addSecret(queryPassword);
    addSecret(encodeURIComponent(queryPassword));
  }
  return { url: trimmed, display: redactRedisUrl(trimmed), secrets: [...secrets].sort((a, b) => b.length - a.length) };
}

/** `text` with the target's URL shown redacted and every secret of it masked, for messages that libraries wrote. */
export function redactSecrets(text: string, target: RedisTarget): string {
  let result = text.split(target.url).join(target.display);
  for (const secret of target.secrets) result = result.split(secret).join(MASK);
  return result;
}
