/** Phrase lists as whole-word, case-insensitive regular expressions over a text, and their matches with offsets. */

export { escapeRegExp, phraseRegExp } from '../../text/phrases.js';

export interface PhraseMatch {
  start: number;
  end: number;
  text: string;
}

/** Every match of `re` in `text`, in order (`re` must be global). */
export function findAll(re: RegExp, text: string): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/** The phrase of `phrases` a matched text stands for (case and inner spacing ignored). */
export function phraseOf(phrases: readonly string[], matched: string): string | undefined {
  const key = normalisePhrase(matched);
  return phrases.find((p) => {
    const body = normalisePhrase(p.endsWith('*') ? p.slice(0, -1) : p);
    return p.endsWith('*') ? key.startsWith(body) : key === body;
  });
}

export function normalisePhrase(s: string): string {
  return s.toLowerCase().replace(/’/g, "'").replace(/\s+/g, ' ').trim();
}
