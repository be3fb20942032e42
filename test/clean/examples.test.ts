/** The team's invented examples are cleaned as recorded: same lines removed, each span starting on the line it names. */
import { describe, expect, it } from 'vitest';
import { removeBoilerplate } from '../../src/clean/index.js';
import { readSources } from '../../src/ingest/index.js';
import expected from './fixtures/examples-removals.json' with { type: 'json' };

/** 1-based line of an offset, as the terminal report counts it. */
const lineOf = (raw: string, offset: number) => raw.slice(0, offset).split('\n').length;

async function cleanedExamples() {
  const out: Record<string, { line: number; rule: string; text: string }[]> = {};
  const starts: { raw: string; start: number; text: string }[] = [];
  for await (const item of readSources(['examples/articles', 'examples/demo-feed.jsonl'])) {
    if (!item.ok) throw new Error(`example not readable: ${item.problem.message}`);
    const { id, raw } = item.article;
    const removed = removeBoilerplate(raw).removed;
    for (const r of removed) starts.push({ raw, start: r.start, text: r.text });
    if (removed.length) out[id] = removed.map((r) => ({ line: lineOf(raw, r.start), rule: r.rule, text: r.text }));
  }
  return { out, starts };
}

describe('cleaning the examples', () => {
  it('removes exactly the recorded lines, reported on the right line', async () => {
    const { out } = await cleanedExamples();
    expect(out).toEqual(expected);
  });

  it('starts every removal at the boilerplate itself, not at a blank line before it', async () => {
    const { starts } = await cleanedExamples();
    expect(starts.length).toBeGreaterThan(0);
    for (const s of starts) {
      const at = s.raw.indexOf(s.text, s.start);
      // Only the line's own indentation (or the space taken with an inline marker) may come first.
      expect(s.raw.slice(s.start, at)).toMatch(/^[ \t\u00a0\ufeff]*$/);
    }
  });
});
