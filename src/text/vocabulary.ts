// Token ↔ id mapping for the NLP tasks. A vocabulary is built from the training split alone:
// words seen only in dev or test must look unknown to the model, as they would in use, or the
// scores overstate what the model learned.

export const PAD_ID = 0;
export const OOV_ID = 1;
export const PAD_TOKEN = '<pad>';
export const OOV_TOKEN = '<oov>';

export interface VocabularyOptions {
  /** Words seen fewer times than this in training map to OOV. Default 1 (keep all). */
  minCount?: number;
  /** Most ids in all, PAD and OOV included; the rarest words are dropped first. Default unlimited. */
  maxSize?: number;
}

export interface EncodeBatchOptions {
  /** Columns of the result; longer lists are cut. Default: the longest list (at least 1). */
  maxLength?: number;
  /** Which end of a too-long list is kept. Default 'start' (the first maxLength tokens). */
  keep?: 'start' | 'end';
}

/** A padded batch, row-major [count, maxLength], PAD (0) after each list's tokens. */
export interface EncodedBatch {
  ids: Int32Array;
  /** Tokens kept per row (after truncation). */
  lengths: Int32Array;
  /** 1 where ids holds a token, 0 on padding; float so that it multiplies into losses directly. */
  mask: Float32Array;
  count: number;
  maxLength: number;
}

export interface VocabularyJSON {
  tokens: string[];
  counts: number[];
}

/** Token lists of a dataset's splits; only `train` is read. */
export interface TokenizedSplits {
  train: readonly (readonly string[])[];
}

export class Vocabulary {
  readonly #tokens: readonly string[];
  readonly #counts: readonly number[];
  readonly #ids: ReadonlyMap<string, number>;

  private constructor(tokens: readonly string[], counts: readonly number[]) {
    this.#tokens = tokens;
    this.#counts = counts;
    this.#ids = new Map(tokens.map((token, id) => [token, id]));
  }

  /**
   * Counts the training split's tokens. Order of ids: PAD, OOV, then by count descending and
   * ties by code-unit order (not localeCompare, whose order depends on the ICU build), so the
   * same data gives the same ids everywhere.
   */
  static fromTrainingSplit(splits: TokenizedSplits, options: VocabularyOptions = {}): Vocabulary {
    const minCount = options.minCount ?? 1;
    const maxSize = options.maxSize ?? Infinity;
    if (!(minCount >= 1)) throw new RangeError(`minCount must be ≥ 1, got ${minCount}`);
    if (!(maxSize >= 2)) throw new RangeError(`maxSize must be ≥ 2 (PAD and OOV), got ${maxSize}`);

    const counts = new Map<string, number>();
    for (const tokens of splits.train) {
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    // The special names cannot become words: they would get two ids.
    counts.delete(PAD_TOKEN);
    counts.delete(OOV_TOKEN);

    const kept = [...counts]
      .filter(([, count]) => count >= minCount)
      .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, maxSize - 2);
    return new Vocabulary([PAD_TOKEN, OOV_TOKEN, ...kept.map(([t]) => t)], [0, 0, ...kept.map(([, c]) => c)]);
  }

  static fromJSON(json: VocabularyJSON): Vocabulary {
    if (json.tokens[PAD_ID] !== PAD_TOKEN || json.tokens[OOV_ID] !== OOV_TOKEN) {
      throw new Error(`not a vocabulary: ids 0 and 1 must be ${PAD_TOKEN} and ${OOV_TOKEN}`);
    }
    if (json.counts.length !== json.tokens.length) throw new Error('not a vocabulary: tokens and counts differ in length');
    if (new Set(json.tokens).size !== json.tokens.length) throw new Error('not a vocabulary: a token appears twice');
    return new Vocabulary([...json.tokens], [...json.counts]);
  }

  toJSON(): VocabularyJSON {
    return { tokens: [...this.#tokens], counts: [...this.#counts] };
  }

  /** Number of ids, PAD and OOV included: the embedding's input dimension. */
  get size(): number {
    return this.#tokens.length;
  }

  /** Every token by id (PAD_TOKEN, OOV_TOKEN, then the words). */
  get tokens(): readonly string[] {
    return this.#tokens;
  }

  has(token: string): boolean {
    const id = this.#ids.get(token);
    return id !== undefined && id > OOV_ID;
  }

  id(token: string): number {
    const id = this.#ids.get(token);
    return id === undefined || id === PAD_ID ? OOV_ID : id;
  }

  token(id: number): string {
    const token = this.#tokens[id];
    if (token === undefined) throw new RangeError(`id ${id} outside the vocabulary (size ${this.size})`);
    return token;
  }

  /** Training count of a word; 0 for unknown words and the specials. */
  count(token: string): number {
    const id = this.#ids.get(token);
    return id === undefined ? 0 : this.#counts[id]!;
  }

  encode(tokens: readonly string[]): number[] {
    return tokens.map((token) => this.id(token));
  }

  encodeBatch(tokenLists: readonly (readonly string[])[], options: EncodeBatchOptions = {}): EncodedBatch {
    const count = tokenLists.length;
    const maxLength = options.maxLength ?? tokenLists.reduce((longest, tokens) => Math.max(longest, tokens.length), 1);
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError(`maxLength must be a positive integer, got ${maxLength}`);
    const keepEnd = options.keep === 'end';

    const ids = new Int32Array(count * maxLength);
    const lengths = new Int32Array(count);
    const mask = new Float32Array(count * maxLength);
    tokenLists.forEach((tokens, row) => {
      const length = Math.min(tokens.length, maxLength);
      const first = keepEnd ? tokens.length - length : 0;
      const base = row * maxLength;
      for (let i = 0; i < length; i++) {
        ids[base + i] = this.id(tokens[first + i]!);
        mask[base + i] = 1;
      }
      lengths[row] = length;
    });
    return { ids, lengths, mask, count, maxLength };
  }
}
