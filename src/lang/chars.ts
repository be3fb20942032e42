/**
 * Fast character classes for the language step's single scan: a lookup table over the Basic Latin …
 * Devanagari … General Punctuation range, built once from the Unicode properties, because a
 * per-character regular expression test costs more than the n-gram detector itself.
 */

export const OTHER = 0;
export const LETTER = 1;
/** Combining marks (e.g. Devanagari vowel signs): inside words, but not letters. */
export const MARK = 2;

const TABLE_SIZE = 0x2500;
const IS_LETTER = /\p{L}/u;
const IS_MARK = /\p{M}/u;

const TABLE: Uint8Array = (() => {
  const t = new Uint8Array(TABLE_SIZE);
  for (let c = 0; c < TABLE_SIZE; c++) {
    const ch = String.fromCharCode(c);
    t[c] = IS_LETTER.test(ch) ? LETTER : IS_MARK.test(ch) ? MARK : OTHER;
  }
  return t;
})();

/** LETTER, MARK or OTHER for one UTF-16 code unit (surrogate halves count as OTHER). */
export function charKind(code: number): number {
  if (code < TABLE_SIZE) return TABLE[code];
  if (code >= 0xd800 && code <= 0xdfff) return OTHER;
  const ch = String.fromCharCode(code);
  return IS_LETTER.test(ch) ? LETTER : IS_MARK.test(ch) ? MARK : OTHER;
}
