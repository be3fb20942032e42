/**
 * Duplicated lines: a line printed twice (a photo caption repeated, a paragraph pasted again) and a
 * truncated copy — a short line that is the start of the next line ("Members of the" above "Members of
 * the delegation met …"). The redundant copy is removed: the later one of two equal lines, the
 * truncated one of a prefix pair. No data file: the rule is structural, its thresholds are below.
 */
import type { CleaningRule, LineFinding } from '../rule.js';
import type { Line } from '../lines.js';

/** Equal lines shorter than this (and with fewer words) may repeat legitimately: "Verdict: False", "***". */
const MIN_DUPLICATE_CHARS = 25;
const MIN_DUPLICATE_WORDS = 4;
/** A truncated copy is a fragment of a few words that does not end a sentence. */
const MAX_FRAGMENT_WORDS = 12;
const MIN_FRAGMENT_CHARS = 6;
const MIN_FRAGMENT_WORDS = 2;
const ENDS_SENTENCE = /[.!?…:;"'”»)\]]$/u;

function wordCount(text: string): number {
  let n = 0;
  for (const w of text.split(' ')) if (w) n++;
  return n;
}

export const duplicateLines: CleaningRule = {
  id: 'duplicate-lines',
  detect({ lines, removedLines }) {
    const found: LineFinding[] = [];
    const kept = lines.filter((l) => !l.blank && !removedLines.has(l.index));
    const seen = new Map<string, number>();
    const removed = new Set<number>();
    for (let k = 0; k < kept.length; k++) {
      const line = kept[k];
      const key = line.text.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        if (line.text.length >= MIN_DUPLICATE_CHARS || wordCount(line.text) >= MIN_DUPLICATE_WORDS) {
          found.push({ line: line.index, reason: `repeats line ${first + 1}` });
          removed.add(line.index);
          continue;
        }
      } else {
        seen.set(key, line.index);
      }
      // The headline (first kept line) may be the start of the lede; it is never a truncated copy.
      const next: Line | undefined = kept[k + 1];
      if (k > 0 && next && isTruncatedCopy(line.text, next.text)) {
        found.push({ line: line.index, reason: `truncated copy of line ${next.index + 1}` });
        removed.add(line.index);
      }
    }
    return { lines: found };
  },
};

/** True when `short` is a sentence fragment that `long` starts with and continues. */
export function isTruncatedCopy(short: string, long: string): boolean {
  if (short.length < MIN_FRAGMENT_CHARS || short.length >= long.length) return false;
  if (ENDS_SENTENCE.test(short) || wordCount(short) > MAX_FRAGMENT_WORDS) return false;
  // One word is more likely a heading ("Background") than a copy cut short.
  return wordCount(short) >= MIN_FRAGMENT_WORDS && long.startsWith(short);
}
