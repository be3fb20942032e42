/**
 * Loads a rule's phrase data: each entry is a regular-expression source matched case-insensitively
 * against a normalised line (straight quotes, single spaces; see lines.ts), with the reason reported
 * on a match; sources may use the shared `{SHAPES}` below. Patterns are compiled once at module load,
 * so a line that matches nothing costs one or two regex tests per rule, however many entries it has.
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

/**
 * Shapes the phrase data shares, written `{NAME}` in a pattern, so every rule means the same by "a
 * link" or "one sentence". A boilerplate line is the label plus, at most, what the label points at; a
 * second sentence after it means the line is prose that happens to open with the same words.
 */
const SHAPES: Readonly<Record<string, string>> = (() => {
  // A sentence ends with a full stop (or a Devanagari danda) after a word of two letters or more, or a
  // number, and more text follows. "U.K." inside a headline does not end it, nor does an ellipsis, and
  // nor do "?" and "!", which headlines use mid-line ("Who pays? The council decides"). Patterns match
  // case-insensitively, where \p{Ll} would match capitals too, so case cannot tell.
  const BREAK = String.raw`(?<=[\p{L}\p{M}]{2}|\p{N})[.\u0964](?!\.)["'\u2019\u201D\u00BB)\]]*\s+\S`;
  const URL = String.raw`(?:https?://|www\.)\S+`;
  // A headline or link text: one sentence of up to 200 characters, nothing after it.
  const HEADLINE = String.raw`(?:(?!${BREAK}).){1,200}`;
  return {
    BREAK,
    URL,
    HEADLINE,
    LINK: `(?:${URL}|${HEADLINE})`,
    // No sentence ends between here and the end of the line. Put it after a pattern's opening words, not
    // right after `^`: the combined test then rejects most lines on their first word, before this scan.
    ONE: `(?!.*${BREAK})`,
    // What a "read more on/at/about" label names: a topic or an outlet of a few words, no clause.
    TOPIC: String.raw`(?:[^\s,;:!?.]|\.(?=\S))(?:[^,;:!?.]|\.(?=\S)){0,59}`,
  };
})();

/** Replaces `{NAME}` shapes in a pattern source; quantifiers (`{0,200}`) and `\p{L}` are left alone. */
export function expandShapes(source: string): string {
  return source.replace(/(?<!\\[pP])\{([A-Z]+)\}/g, (whole, name: string) => {
    const shape = SHAPES[name];
    if (shape === undefined) throw new Error(`unknown shape ${whole} in cleaning pattern ${JSON.stringify(source)}`);
    return shape;
  });
}

/** Removes group names, which may repeat across entries joined into one regex. */
const unnamed = (source: string) => source.replace(/\(\?<[A-Za-z]\w*>/g, '(');

/** Compiles a data list of patterns. Throws naming the bad entry when a pattern is not a valid regex. */
export function compilePatterns<E extends PatternEntry>(entries: readonly E[], flags = 'iu'): PatternSet<E> {
  const compiled = entries.map((original) => {
    const entry = { ...original, pattern: expandShapes(original.pattern) };
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
