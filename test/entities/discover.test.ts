import { describe, expect, it } from 'vitest';
import { articleContext } from '../../src/tasks/entities/context.js';
import { buildGazetteer, findMentions, mergeMentions } from '../../src/tasks/entities/discover.js';

// Invented example sentences; the people and places in them are made up except for curated names.
const TEXT = [
  'Example News Desk',
  'Governor Maria Kessler said on Monday that Vladimir Putin had misled the council.',
  'Putin denied it, and Kessler answered that the Russian President knew the facts.',
  'The Harbor Trust of Eastvale also criticised NATO.',
  'They met again later.',
].join('\n');

function found(text: string, names: string[] = []) {
  const ctx = articleContext(text);
  return findMentions(ctx, buildGazetteer(names));
}

describe('mention discovery', () => {
  it('finds curated names, capitalised runs and aliases, and skips sentence-initial common words', () => {
    const m = found(TEXT);
    const texts = m.map((x) => x.text);
    expect(texts).toContain('Vladimir Putin');
    expect(texts).toContain('Maria Kessler');
    expect(texts).toContain('NATO');
    expect(texts).toContain('Harbor Trust of Eastvale');
    expect(texts).toContain('Russian President');
    expect(texts).not.toContain('They');
    expect(texts).not.toContain('The');
    // An alias resolves to its canonical name.
    expect(m.find((x) => x.text === 'Russian President')?.canonical).toBe('Vladimir Putin');
  });

  it('merges variants into one entity per article', () => {
    const entities = mergeMentions(found(TEXT));
    const putin = entities.find((e) => e.name === 'Vladimir Putin');
    expect(putin?.mentions.map((x) => x.text)).toEqual(['Vladimir Putin', 'Putin', 'Russian President']);
    expect(putin?.kind).toBe('person');
    // "Kessler" joins "Maria Kessler" (a longer name ending with the same word).
    const kessler = entities.find((e) => e.name.endsWith('Kessler'));
    expect(kessler?.name).toBe('Maria Kessler');
    expect(kessler?.mentions).toHaveLength(2);
    expect(kessler?.known).toBe(false);
  });

  it('does not merge a short name shared by two longer names', () => {
    // "Later" starts a sentence and the article also writes "later": an ordinary word, trimmed.
    const text = 'Anna Dorn met Peter Dorn. Later Dorn left the city of Westby, and later still returned.';
    const entities = mergeMentions(found(text));
    expect(entities.filter((e) => e.name.includes('Dorn')).map((e) => e.name).sort()).toEqual(['Anna Dorn', 'Dorn', 'Peter Dorn']);
  });

  it('uses training names as a gazetteer, including scripts without capital letters', () => {
    const text = 'कल रामपुर समिति ने बयान दिया।';
    const m = found(text, ['रामपुर समिति']);
    expect(m.map((x) => x.text)).toEqual(['रामपुर समिति']);
    expect(m[0].source).toBe('gazetteer');
    // Offsets point into the raw text.
    expect(text.slice(m[0].span.start, m[0].span.end)).toBe('रामपुर समिति');
  });
});
