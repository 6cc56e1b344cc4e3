// natural ships typings for its entry point only; tokenize.ts imports one module directly.
declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export class RegexpTokenizer {
    constructor(options: { pattern: RegExp; gaps: boolean });
    tokenize(text: string): string[] | null;
  }
}
