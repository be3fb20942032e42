/**
 * Letters counted by writing system, in one scan: the cheap test that tells whether a text mixes
 * scripts (Cyrillic paragraphs among Latin ones) before any per-paragraph language identification.
 */

/**
 * Writing systems told apart here, by their Unicode Script property. Han, Hiragana and Katakana are
 * one group (Japanese writes all three). Letters of other scripts count in a group of their own.
 */
const SCRIPT_GROUPS: readonly RegExp[] = [
  /\p{sc=Latin}/u,
  /\p{sc=Cyrillic}/u,
  /\p{sc=Greek}/u,
  /[\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Syriac}\p{sc=Thaana}]/u,
  /[\p{sc=Devanagari}\p{sc=Bengali}\p{sc=Gurmukhi}\p{sc=Gujarati}\p{sc=Oriya}\p{sc=Tamil}\p{sc=Telugu}\p{sc=Kannada}\p{sc=Malayalam}]/u,
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u,
  /\p{sc=Hangul}/u,
  /[\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u,
  /[\p{sc=Armenian}\p{sc=Georgian}\p{sc=Ethiopic}]/u,
];
const NOT_A_LETTER = -1;
const OTHER_SCRIPT = SCRIPT_GROUPS.length;
const SCRIPT_GROUP_COUNT = SCRIPT_GROUPS.length + 1;
const IS_LETTER = /\p{L}/u;

/** Group of each BMP code unit, filled on first sight: a text reads a few hundred distinct characters. */
const cache = new Int8Array(0x10000).fill(-2);

/** The script group of one UTF-16 code unit, or NOT_A_LETTER (surrogate halves included). */
function scriptGroup(code: number): number {
  const known = cache[code];
  if (known !== -2) return known;
  const ch = String.fromCharCode(code);
  let group = NOT_A_LETTER;
  if (IS_LETTER.test(ch)) {
    group = SCRIPT_GROUPS.findIndex((re) => re.test(ch));
    if (group < 0) group = OTHER_SCRIPT;
  }
  cache[code] = group;
  return group;
}

/** Letters of `text` (or of text[from, to)) per script group, indexed by group. */
export function lettersByScript(text: string, from = 0, to = text.length): Int32Array {
  const counts = new Int32Array(SCRIPT_GROUP_COUNT);
  for (let i = from; i < to; i++) {
    const g = scriptGroup(text.charCodeAt(i));
    if (g >= 0) counts[g]++;
  }
  return counts;
}
