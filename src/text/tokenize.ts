// Word tokenization for the NLP tasks, through natural's RegexpTokenizer.
//
// Why not one of natural's ready-made word tokenizers: TreebankWordTokenizer and WordTokenizer
// treat only ASCII as letters (\w), so "café" becomes "caf é" and "déjà" falls apart;
// WordPunctTokenizer breaks "don't" into "don ' t" and "U.S." into "U . S .". The pattern below
// keeps Unicode words whole and follows the Penn Treebank conventions GloVe was trained on
// (clitics split off: "do n't", "it 's"; punctuation as its own token).
//
// natural is loaded lazily, and only its tokenizer module: the package's entry point takes
// ~1.5 s, pulls in database clients and runs dotenv, which reads .env from the working
// directory into process.env and prints to stdout (breaking `--json` output).

interface RegexpTokenizerLike {
  tokenize(text: string): string[] | null;
}

interface RegexpTokenizerModule {
  RegexpTokenizer: new (options: { pattern: RegExp; gaps: boolean }) => RegexpTokenizerLike;
}

export interface TokenizeOptions {
  /** Lowercase every token (after splitting, so case never changes where tokens split). Default true: the GloVe vocabulary is lowercase. */
  lowercase?: boolean;
}

const LETTER = String.raw`\p{L}\p{M}`;
const ALNUM = String.raw`\p{L}\p{M}\p{N}`;
// Not followed by a letter or digit: JS's \b is ASCII-only even with the u flag.
const END = `(?![${ALNUM}])`;

// Order matters: at each position the first alternative that matches wins.
const TOKEN_PATTERN = new RegExp(
  [
    // "don't" → "do" + "n't", "can't" → "ca" + "n't" (Treebank); the stem stops before n't.
    `[${LETTER}]+(?=n't${END})`,
    `n't${END}`,
    // Clitics: "it's" → "it" + "'s", "we'll" → "we" + "'ll".
    `'(?:s|re|ll|ve|m|d)${END}`,
    // Dotted abbreviations: "U.S.", "e.g.".
    String.raw`(?:[${LETTER}]\.){2,}`,
    // Numbers with their separators: "12.50", "1,000", "5:30", "1/2".
    String.raw`\p{N}+(?:[.,:/]\p{N}+)*`,
    // Words, hyphenated words and words with an inner apostrophe that is no clitic ("o'clock").
    `[${ALNUM}]+(?:(?:-|'(?!(?:s|re|ll|ve|m|d|t)${END}))[${ALNUM}]+)*`,
    // Runs that read as one symbol.
    String.raw`\.{2,}|-{2,}`,
    // Anything else, one character at a time.
    String.raw`\S`,
  ].join('|'),
  'giu',
);

let tokenizerPromise: Promise<RegexpTokenizerLike> | undefined;

function loadTokenizer(): Promise<RegexpTokenizerLike> {
  tokenizerPromise ??= (async () => {
    // The tokenizer module does not load dotenv today; should a future version pull it in,
    // this keeps its banner off stdout.
    process.env.DOTENV_CONFIG_QUIET = 'true';
    const loaded = (await import('natural/lib/natural/tokenizers/regexp_tokenizer.js')) as
      | RegexpTokenizerModule
      | { default: RegexpTokenizerModule };
    const module = 'default' in loaded ? loaded.default : loaded;
    return new module.RegexpTokenizer({ pattern: TOKEN_PATTERN, gaps: false });
  })();
  return tokenizerPromise;
}

/** Splits each text into tokens; natural is loaded on the first call. */
export async function tokenize(texts: readonly string[], options: TokenizeOptions = {}): Promise<string[][]> {
  const lowercase = options.lowercase ?? true;
  const tokenizer = await loadTokenizer();
  return texts.map((text) => {
    // NFC so that "é" typed as e + combining accent matches the precomposed form; typographic
    // apostrophes become ASCII so contractions split the same way.
    const normalized = text.normalize('NFC').replace(/[\u2018\u2019\u02bc]/g, "'");
    const tokens = tokenizer.tokenize(normalized) ?? [];
    return lowercase ? tokens.map((token) => token.toLowerCase()) : tokens;
  });
}
