/** Phrase lists as whole-word, case-insensitive regular expressions over a text, and their matches with offsets. */

/*
 * The technique detectors have the same helper in their own folder; task folders do not import each
 * other (test/architecture/imports.test.ts), so the provenance lists get this small copy of the idea.
 */

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A case-insensitive expression matching any of `phrases` as whole words, longest first. Inner spaces
 * match any run of whitespace; a trailing "*" allows a word ending ("reported*" → "reportedly").
 */
export function phraseRegExp(phrases: readonly string[]): RegExp {
  const alts = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => {
      const stem = p.endsWith('*');
      const body = escapeRegExp(stem ? p.slice(0, -1) : p).replace(/ +/g, '\\s+').replace(/'/g, "['’]");
      return stem ? `${body}[\\p{L}]*` : body;
    });
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

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
