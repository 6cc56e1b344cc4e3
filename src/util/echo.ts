// Echoing what a user gave inside an error message: a binary file or a pasted blob must not put
// kilobytes of escape sequences on the terminal, so the echo is cut and its control bytes shown.

/** Control characters (C0, DEL, C1) and the replacement character as visible escapes. */
export function escapeControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (char) => {
    if (char === '\t') return '\\t';
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    const code = char.charCodeAt(0);
    return code > 0xff ? '\\ufffd' : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** `text` quoted, escaped and cut to about `max` characters: 'abc…' (plus how much was cut). */
export function echo(text: string, max = 80): string {
  const escaped = escapeControls(text);
  if (escaped.length <= max) return `'${escaped}'`;
  return `'${escaped.slice(0, max)}…' (${text.length} characters)`;
}

/** true when the bytes hold a NUL in their first 8 KiB: a binary file, not text of any encoding. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0);
}
