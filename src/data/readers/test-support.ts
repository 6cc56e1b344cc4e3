// Writes small files in exactly the original formats into temporary folders, for the reader
// and dataset tests (none of the real data is available offline).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { DataFormatError } from '../types.js';

const made: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'actbench-readers-'));
  made.push(dir);
  return dir;
}

/** For an after() hook: removes every folder tempDir made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `text` with one byte per character, as the latin-1 originals are stored. */
export function writeLatin1(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.from(text, 'latin1'));
  return file;
}

export function writeUtf8(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, 'utf8');
  return file;
}

/** n distinct sentences, each ending with " \n" like the rt-polarity lines. */
export function sentenceLines(prefix: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `${prefix} sentence number ${i} , caf\u00e9 . \n`).join('');
}

export const TREC_SAMPLE = [
  'DESC:manner How did serfdom develop in and then leave Russia ?',
  'ENTY:cremat What films featured the character Popeye Doyle ?',
  'HUM:ind Who was the first Pok\u00e9mon trainer ?',
  'NUM:date When was Ozzy Osbourne born ?',
  'LOC:other What sprawling U.S. state boasts the most airports ?',
  'ABBR:exp What does NASA stand for ?',
];

/** TREC lines cycling over the six coarse classes, `n` of them, each question unique. */
export function trecLines(n: number, tag: string): string {
  const coarse = [
    ['DESC', 'def'],
    ['ENTY', 'animal'],
    ['HUM', 'ind'],
    ['NUM', 'count'],
    ['LOC', 'city'],
    ['ABBR', 'abb'],
  ] as const;
  return Array.from({ length: n }, (_, i) => {
    const [label, fine] = coarse[i % coarse.length]!;
    return `${label}:${fine} What is ${tag} question ${i} ?\n`;
  }).join('');
}

export function tsvLines(labels: string[], perLabel: number, tag: string): string {
  const lines: string[] = [];
  for (const label of labels) for (let i = 0; i < perLabel; i++) lines.push(`${label}\t${tag} ${label} document ${i} shares rose pct`);
  return `${lines.join('\n')}\n`;
}

/** A bydate post: reduced header block (From, Subject, Organization, Lines), blank line, body. */
export function post(subject: string, body: string): string {
  return `From: someone@site.edu (Some One)\nSubject: ${subject}\nOrganization: A University\nLines: 3\n\n${body}\n`;
}

/** 20news-bydate-train|test/<group>/<number> for each group, `perGroup` posts each. */
export function writeNewsgroups(root: string, split: 'train' | 'test', groups: string[], perGroup: number): void {
  for (const group of groups) {
    for (let i = 0; i < perGroup; i++) {
      const number = 50000 + i * 7;
      writeLatin1(path.join(root, `20news-bydate-${split}`, group, String(number)), post(`Re: ${group} topic ${i}`, `Body of ${split} post ${i} in ${group}, na\u00efve.`));
    }
  }
}

/** CoNLL-2003-like POS lines: "-DOCSTART- -X- O", then sentences "token POS chunk". */
export function posConll(sentences: number, tag: string): string {
  const lines = ['-DOCSTART- -X- O', ''];
  for (let s = 0; s < sentences; s++) {
    lines.push(`${tag}${s} NNP B-NP`, 'rose VBD B-VP', '5 CD B-NP', '% NN I-NP', '. . O', '');
  }
  return lines.join('\n');
}

/** Eger et al.'s TL-AM columns: index<TAB>token<TAB>tag, one essay per block. */
export function amConll(essays: number, tag: string): string {
  const lines: string[] = [];
  for (let e = 0; e < essays; e++) {
    const rows: [string, string][] = [
      [`${tag}${e}`, 'O'],
      ['we', 'B-MajorClaim'],
      ['should', 'I-MajorClaim'],
      ['because', 'O'],
      ['it', 'B-Claim:For'],
      ['helps', 'I-Claim:For'],
      ['since', 'B-Premise:-1:Support'],
      ['data', 'I-Premise:-1:Support'],
    ];
    rows.forEach(([token, label], i) => lines.push(`${i + 1}\t${token}\t${label}`));
    lines.push('');
  }
  return lines.join('\n');
}

/** Asserts a DataFormatError for `file` at `line`, the message naming both (and matching `pattern`). */
export async function rejectsFormat(promise: Promise<unknown>, file: string, line: number | undefined, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DataFormatError, `expected a DataFormatError, got ${String(error)}`);
    assert.equal(error.file, file);
    assert.equal(error.line, line);
    assert.ok(error.message.startsWith(line === undefined ? `${file}: ` : `${file}:${line}: `), error.message);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}
