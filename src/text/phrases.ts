/** Word and phrase lists as whole-word, case-insensitive regular expressions (the detectors' lists of every task). */

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A case-insensitive expression matching any of `phrases` as whole words, longest first. Inner spaces
 * match any run of whitespace; an apostrophe matches a typographic one too ("don't" → "don’t"); a
 * trailing "*" allows word endings ("corrupt*" → "corruption").
 */
export function phraseRegExp(phrases: readonly string[]): RegExp {
  const alts = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => {
      const stem = p.endsWith('*');
      const body = escapeRegExp(stem ? p.slice(0, -1) : p)
        .replace(/ +/g, '\\s+')
        .replace(/'/g, "['’]");
      return stem ? `${body}[\\p{L}]*` : body;
    });
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}
