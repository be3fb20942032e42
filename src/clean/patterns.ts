/**
 * Loads a rule's phrase data: each entry is a regular-expression source matched case-insensitively
 * against a normalised line (straight quotes, single spaces; see lines.ts), with the reason reported
 * on a match. Patterns are compiled once at module load, so a line that matches nothing costs one or
 * two regex tests per rule, however many entries the rule has.
 */

export interface PatternEntry {
  /** Regular-expression source, matched against `Line.text` with flags `iu`. */
  pattern: string;
  /** Why a match is boilerplate, reported as the removal's reason. */
  reason: string;
}

/** A compiled list of patterns: combined tests to reject a line fast, then the entries to name the reason. */
export interface PatternSet<E extends PatternEntry = PatternEntry> {
  /** True when any entry matches. */
  test(text: string): boolean;
  /** The first entry that matches, with its match, or undefined. */
  find(text: string): { entry: E; match: RegExpExecArray } | undefined;
}

/** Removes group names, which may repeat across entries joined into one regex. */
const unnamed = (source: string) => source.replace(/\(\?<[A-Za-z]\w*>/g, '(');

/** Compiles a data list of patterns. Throws naming the bad entry when a pattern is not a valid regex. */
export function compilePatterns<E extends PatternEntry>(entries: readonly E[], flags = 'iu'): PatternSet<E> {
  const compiled = entries.map((entry) => {
    try {
      return { entry, re: new RegExp(entry.pattern, flags) };
    } catch (err) {
      throw new Error(`bad cleaning pattern ${JSON.stringify(entry.pattern)}: ${(err as Error).message}`);
    }
  });
  // Anchored patterns are joined under one `^`, so the engine tries them at position 0 only instead of
  // at every position of the line; the few unanchored ones form a second test.
  const anchored = compiled.filter((c) => c.entry.pattern.startsWith('^')).map((c) => `(?:${unnamed(c.entry.pattern.slice(1))})`);
  const floating = compiled.filter((c) => !c.entry.pattern.startsWith('^')).map((c) => `(?:${unnamed(c.entry.pattern)})`);
  const tests: RegExp[] = [];
  if (anchored.length) tests.push(new RegExp(`^(?:${anchored.join('|')})`, flags));
  if (floating.length) tests.push(new RegExp(floating.join('|'), flags));
  const test = (text: string) => tests.some((re) => re.test(text));
  return {
    test,
    find(text) {
      if (!test(text)) return undefined;
      for (const { entry, re } of compiled) {
        const match = re.exec(text);
        if (match) return { entry, match };
      }
      return undefined;
    },
  };
}
