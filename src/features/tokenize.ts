/**
 * Unicode-aware word tokens for feature extraction: runs of letters, combining marks (needed for
 * Devanagari vowel signs) and digits, lower-cased with the locale-independent Unicode mapping.
 */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;

/** Lower-cased word tokens of `text`, in order. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Word tokens with their offsets in `text` (end exclusive), lower-cased. */
export function wordTokensWithOffsets(text: string): { token: string; start: number; end: number }[] {
  const out: { token: string; start: number; end: number }[] = [];
  const re = new RegExp(WORD.source, 'gu');
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ token: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  return out;
}
