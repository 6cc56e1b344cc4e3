// The Brown corpus tagset (Francis & Kučera 1964/1979) reduced to the 12 universal tags of
// Petrov, Das & McDonald (2012): NOUN VERB ADJ ADV PRON DET ADP NUM CONJ PRT . X.
//
// A raw Brown tag is a base tag, optionally
//   - prefixed `fw-` (foreign word; the rest is the tag its English equivalent would get),
//   - suffixed `-tl` (word in a title), `-hl` (word in a headline), `-nc` (cited word), alone or
//     stacked (`nn-tl-hl`); the corpus also holds a few truncated ones (`-t`, `-n`),
//   - a compound of two or three base tags joined by `+` for a contraction (`ppss+bem` "I'm",
//     `md*`+… "can't"),
//   - with `$` appended for the possessive (`nn$` "man's", `np$` "Atlanta's"),
//   - with `*` appended for the negated forms (`md*` "can't", `bez*` "isn't"); `*` alone is
//     "not"/"n't".
// The affixes say where a word stands, not what it is, so they never change the universal tag.
//
// Rules, one per base tag (BASE_TO_UNIVERSAL below), from the tagset's own definitions; where the
// Brown tagset draws a line the universal set does not, the choice follows Petrov et al.'s own
// mapping of the Penn Treebank tags so that Brown and WSJ-derived universal tags mean the same:
//   - be/do/have forms and modals are VERB (universal VERB covers auxiliaries);
//   - `cs` (subordinating conjunction: if, because, that) is ADP, as the Penn tag IN that covers
//     those words is; CONJ is kept for the coordinators (`cc`);
//   - `ex` (existential there) is DET, as Penn EX is;
//   - `od` (ordinal: first, 2nd) and `ap` (post-determiner: many, next, other) are ADJ, as Penn
//     tags them JJ;
//   - `abn`/`abx` (pre-quantifiers: all, half, both) are DET (Penn PDT); `abl` (pre-qualifier:
//     quite, rather) and `ql`/`qlp`/`wql` (qualifiers: very, enough, how) are ADV;
//   - `pp$` (my, our) and every other personal, reflexive or wh- pronoun, and `pn` (nominal
//     pronoun: everybody, nothing), are PRON; `wdt` (which as determiner) is DET;
//   - `nr` (adverbial noun: home, today, west) is NOUN, as Penn tags those words NN;
//   - `rn` (nominal adverb: here, then) is ADV; `rp` (particle: up, off) and `to` are PRT;
//   - `*` ("not", "n't") is ADV, as Penn RB is;
//   - `uh` (interjection) and `nil` (no tag assigned) are X; punctuation, quotes and dashes are `.`.
// Foreign words (`fw-`) are X, which the universal set defines as "foreign words, typos,
// abbreviations", whatever English tag they carry. A contraction takes the tag of its first part,
// the word the clitic leans on (`ppss+bem` "I'm" → PRON, `md*` "can't" → VERB), since one token
// gets one tag.

export const UNIVERSAL_TAGS = ['NOUN', 'VERB', 'ADJ', 'ADV', 'PRON', 'DET', 'ADP', 'NUM', 'CONJ', 'PRT', '.', 'X'] as const;
export type UniversalTag = (typeof UNIVERSAL_TAGS)[number];

const BASE_TO_UNIVERSAL: Readonly<Record<string, UniversalTag>> = {
  // Punctuation.
  '.': '.',
  ',': '.',
  ':': '.',
  '(': '.',
  ')': '.',
  '--': '.',
  '``': '.',
  "''": '.',
  "'": '.',
  // Negator "not", "n't".
  '*': 'ADV',
  // Pre-qualifier, pre-quantifiers.
  abl: 'ADV',
  abn: 'DET',
  abx: 'DET',
  // Post-determiner, article.
  ap: 'ADJ',
  at: 'DET',
  // be, do, have and modals.
  be: 'VERB',
  bed: 'VERB',
  bedz: 'VERB',
  beg: 'VERB',
  bem: 'VERB',
  ben: 'VERB',
  ber: 'VERB',
  bez: 'VERB',
  do: 'VERB',
  dod: 'VERB',
  doz: 'VERB',
  hv: 'VERB',
  hvd: 'VERB',
  hvg: 'VERB',
  hvn: 'VERB',
  hvz: 'VERB',
  md: 'VERB',
  // Conjunctions.
  cc: 'CONJ',
  cs: 'ADP',
  // Numbers.
  cd: 'NUM',
  od: 'ADJ',
  // Determiners.
  dt: 'DET',
  dti: 'DET',
  dts: 'DET',
  dtx: 'DET',
  ex: 'DET',
  wdt: 'DET',
  // Preposition.
  in: 'ADP',
  // Adjectives.
  jj: 'ADJ',
  jjr: 'ADJ',
  jjs: 'ADJ',
  jjt: 'ADJ',
  // Nouns.
  nn: 'NOUN',
  nns: 'NOUN',
  np: 'NOUN',
  nps: 'NOUN',
  nr: 'NOUN',
  nrs: 'NOUN',
  // Pronouns.
  pn: 'PRON',
  pp$: 'PRON',
  pp$$: 'PRON',
  ppl: 'PRON',
  ppls: 'PRON',
  ppo: 'PRON',
  pps: 'PRON',
  ppss: 'PRON',
  wp$: 'PRON',
  wpo: 'PRON',
  wps: 'PRON',
  // Qualifiers and adverbs.
  ql: 'ADV',
  qlp: 'ADV',
  wql: 'ADV',
  rb: 'ADV',
  rbr: 'ADV',
  rbt: 'ADV',
  rn: 'ADV',
  wrb: 'ADV',
  // Particles.
  rp: 'PRT',
  to: 'PRT',
  // Interjection, untagged.
  uh: 'X',
  nil: 'X',
  // Verbs.
  vb: 'VERB',
  vbd: 'VERB',
  vbg: 'VERB',
  vbn: 'VERB',
  vbz: 'VERB',
};

// `-t` and `-n` occur only as cut-off `-tl`/`-nc` at the end of long compound tags.
const POSITION_SUFFIX = /-(?:tl|hl|nc|t|n)$/;

/** The raw tag without `fw-`, `-tl`, `-hl`, `-nc` (the fine tagset); compounds and `*` are kept. */
export function stripAffixes(raw: string): string {
  let tag = raw.toLowerCase();
  while (POSITION_SUFFIX.test(tag)) tag = tag.replace(POSITION_SUFFIX, '');
  if (tag.startsWith('fw-')) tag = tag.slice(3);
  // "whaddya" is tagged `wdt+ber+pp`: the last tag was cut off at ten characters like the suffixes.
  if (tag.endsWith('+pp')) tag = `${tag}ss`;
  return tag;
}

/**
 * The base tags a (possibly compound) fine tag is made of, each without its negation mark `*`
 * and without the possessive `$` (`nn$` "man's" is a noun), except where `$` is part of a
 * pronoun's own tag (`pp$` "my", `pp$$` "mine", `wp$` "whose").
 */
function baseTags(fine: string): string[] {
  return fine.split('+').map((part) => {
    const plain = part.length > 1 && part.endsWith('*') ? part.slice(0, -1) : part;
    return !(plain in BASE_TO_UNIVERSAL) && plain.endsWith('$') ? plain.slice(0, -1) : plain;
  });
}

export class UnknownBrownTagError extends Error {
  override name = 'UnknownBrownTagError';
}

const universalCache = new Map<string, UniversalTag>();

/** The universal tag of a raw Brown tag; throws UnknownBrownTagError for a tag outside the tagset. */
export function universalTag(raw: string): UniversalTag {
  const cached = universalCache.get(raw);
  if (cached) return cached;
  const fine = stripAffixes(raw);
  const parts = baseTags(fine);
  for (const part of parts) {
    if (!(part in BASE_TO_UNIVERSAL)) throw new UnknownBrownTagError(`Brown tag '${raw}': '${part}' is not a tag of the Brown tagset`);
  }
  const tag: UniversalTag = raw.toLowerCase().startsWith('fw-') ? 'X' : BASE_TO_UNIVERSAL[parts[0]!]!;
  universalCache.set(raw, tag);
  return tag;
}
