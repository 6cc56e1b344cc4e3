// 20 Newsgroups "bydate" (20news-bydate.tar.gz): 20news-bydate-train/<group>/<number> and
// 20news-bydate-test/…, one post per file, a mail/news header block, latin-1.
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DataFormatError, type TextExample } from '../types.js';
import { readText, type TextEncoding } from './text-file.js';

export interface NewsgroupsOptions {
  /**
   * Keep the Subject header's text (without "Re:") as the post's first line. Default true: the
   * poster wrote it and it is often the most topical line; the other headers (From,
   * Organization, Lines) identify senders and sites rather than topics, and are dropped.
   */
  keepSubject?: boolean;
  /** Default auto, per post: the posts are latin-1 (a few are UTF-8 in re-packed copies). */
  encoding?: TextEncoding;
}

export interface Post {
  subject: string | undefined;
  body: string;
}

// RFC 822: a field name is printable ASCII except the colon, and the header starts on line 1.
const HEADER_FIELD = /^([\x21-\x39\x3b-\x7e]+):(.*)$/;

/**
 * Splits a post into its Subject and its body. The header runs to the first blank line; a
 * line that is neither a field nor a continuation (leading whitespace) also ends it, so that a
 * post missing the blank line loses no text. A file that does not start with a field has no
 * header at all.
 */
export function parsePost(text: string): Post {
  const lines = text.split(/\r?\n/);
  let subject: string | undefined;
  let index = 0;
  let lastField: string | undefined;
  if (HEADER_FIELD.test(lines[0] ?? '')) {
    for (; index < lines.length; index++) {
      const line = lines[index]!;
      if (line.trim() === '') {
        index++;
        break;
      }
      const field = HEADER_FIELD.exec(line);
      if (field) {
        lastField = field[1]!.toLowerCase();
        if (lastField === 'subject') subject = field[2]!.trim();
      } else if (/^[ \t]/.test(line) && lastField !== undefined) {
        if (lastField === 'subject') subject = `${subject ?? ''} ${line.trim()}`.trim();
      } else {
        break;
      }
    }
  }
  const cleanSubject = subject?.replace(/^(\s*re\s*:\s*)+/i, '').trim();
  return { subject: cleanSubject === '' ? undefined : cleanSubject, body: lines.slice(index).join('\n').trim() };
}

function byNumber(a: string, b: string): number {
  return Number(a) - Number(b) || a.localeCompare(b);
}

async function listFolder(folder: string, expected: string): Promise<Dirent[]> {
  try {
    return (await readdir(folder, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.'));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DataFormatError(folder, undefined, `folder not found; expected ${expected}`);
    throw error;
  }
}

/**
 * Every post under `folder` (20news-bydate-train or -test), labelled with its group's folder
 * name, groups in alphabetical and posts in numeric order so that the result never depends on
 * the file system's listing order.
 */
export async function readNewsgroups(folder: string, options: NewsgroupsOptions = {}): Promise<TextExample[]> {
  const keepSubject = options.keepSubject ?? true;
  const entries = await listFolder(folder, 'one folder per newsgroup (alt.atheism, comp.graphics, …)');
  const stray = entries.find((entry) => !entry.isDirectory());
  if (stray) throw new DataFormatError(path.join(folder, stray.name), undefined, 'expected only newsgroup folders here, found a file');
  const groups = entries.map((entry) => entry.name).sort();
  if (groups.length === 0) throw new DataFormatError(folder, undefined, 'expected one folder per newsgroup, found none');
  const examples: TextExample[] = [];
  for (const group of groups) {
    const groupFolder = path.join(folder, group);
    const files = await listFolder(groupFolder, 'numbered post files');
    for (const file of files) {
      if (!file.isFile() || !/^\d+$/.test(file.name)) {
        throw new DataFormatError(path.join(groupFolder, file.name), undefined, 'expected only numbered post files in a newsgroup folder');
      }
    }
    const names = files.map((file) => file.name).sort(byNumber);
    if (names.length === 0) throw new DataFormatError(groupFolder, undefined, 'expected numbered post files, found none');
    const texts = await Promise.all(
      names.map((name) => readText(path.join(groupFolder, name), options.encoding ?? 'auto', 'a newsgroup post')),
    );
    texts.forEach((text, i) => {
      const file = path.join(groupFolder, names[i]!);
      if (text.trim() === '')
        throw new DataFormatError(file, 1, 'expected a newsgroup post (header block, blank line, body), found an empty file');
      const post = parsePost(text);
      const content = keepSubject && post.subject !== undefined ? `${post.subject}\n${post.body}` : post.body;
      examples.push({ text: content.trim(), label: group });
    });
  }
  return examples;
}
