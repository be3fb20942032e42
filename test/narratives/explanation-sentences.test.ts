/** Explanations keep sentence boundaries: a headline without end punctuation does not run into the next sentence. */
import { describe, expect, it } from 'vitest';
import { explanationFrom, explanationSentence } from '../../src/tasks/narratives/explain.js';

const spanOf = (text: string, part: string) => ({ start: text.indexOf(part), end: text.indexOf(part) + part.length });

describe('explanation sentences', () => {
  it('ends a headline with a full stop so it stays apart from the next sentence', () => {
    const title = 'Example: Ferry fares to Villa Serena doubled, say riders';
    const next = 'Riders said the  new fares\nhurt commuters.';
    const text = `${title}\n\n${next}`;
    const e = explanationFrom(text, [spanOf(text, next), spanOf(text, title)]);
    expect(e.text).toBe('Example: Ferry fares to Villa Serena doubled, say riders. Riders said the new fares hurt commuters.');
  });

  it('leaves sentences that already end in punctuation (closing quotes included) as they are', () => {
    expect(explanationSentence('Was it a plan?')).toBe('Was it a plan?');
    expect(explanationSentence('"It will fail," she said.')).toBe('"It will fail," she said.');
    expect(explanationSentence('He called it «a scheme.»')).toBe('He called it «a scheme.»');
    expect(explanationSentence('The levy, the council said, is fair…')).toBe('The levy, the council said, is fair…');
    expect(explanationSentence('Headline in quotes: "A bad deal"')).toBe('Headline in quotes: "A bad deal".');
    expect(explanationSentence('   ')).toBe('');
  });
});
