import { describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { renderReport } from '../../src/cli/report.js';
import type { Narratives } from '../../src/schema.js';

// An invented article; the narratives section is set by hand so the report's layout is what is tested.
const raw = 'An invented headline\n\nThe first invented sentence. The second invented sentence. A third one.';
const span = (text: string) => ({ start: raw.indexOf(text), end: raw.indexOf(text) + text.length, text, weight: 1 });
const first = span('The first invented sentence.');
const second = span('The second invented sentence.');
const third = span('A third one.');

function report(narratives: Narratives): string {
  const analysis = analyzeArticle(createArticle({ raw, origin: { format: 'text' } }));
  analysis.narratives = narratives;
  return renderReport(analysis, raw);
}

describe('terminal report, narratives', () => {
  it('quotes a sentence once per narrative, names the dominant sub-narrative without its prefix', () => {
    const text = report({
      status: 'ok',
      domain: { label: 'URW', score: 0.9 },
      narratives: [{ label: 'URW: Beta', score: 0.6, evidence: [first, third] }],
      subNarratives: [{ label: 'URW: Beta: Two', narrative: 'URW: Beta', score: 0.5, evidence: [first, second] }],
      dominant: { narrative: 'URW: Beta', subNarrative: 'URW: Beta: Two', explanation: 'The first invented sentence.', evidence: [{ start: first.start, end: first.end }] },
    });
    expect(text).toContain('domain URW (0.90)');
    expect(text.split('“The first invented sentence.”').length - 1).toBe(1);
    expect(text).toContain('“A third one.”');
    expect(text).toContain('Dominant: URW: Beta → Two');
  });

  it('shows "<narrative>: Other" as the narrative alone, and lists the closest narratives of an "Other" article', () => {
    const dominantOther = report({
      status: 'ok',
      domain: { label: 'CC', score: 0.8 },
      narratives: [{ label: 'CC: Alpha', score: 0.7, evidence: [second] }],
      subNarratives: [],
      dominant: { narrative: 'CC: Alpha', subNarrative: 'CC: Alpha: Other', explanation: 'The second invented sentence.', evidence: [] },
    });
    expect(dominantOther).toContain('Dominant: CC: Alpha\n');
    const other = report({ status: 'ok', domain: { label: 'URW', score: 0.7 }, narratives: [], subNarratives: [], dominant: null, candidates: [{ label: 'URW: Beta', score: 0.21 }, { label: 'URW: Gamma', score: 0.2 }] });
    expect(other).toContain('Other (no narrative chosen)');
    expect(other).toContain('closest, not chosen: URW: Beta 0.21 · URW: Gamma 0.20');
    expect(other).not.toContain('Dominant:');
  });

  it('lists narratives and their sub-narratives highest score first, whatever order the analysis holds', () => {
    const text = report({
      status: 'ok',
      domain: { label: 'URW', score: 0.9 },
      narratives: [
        { label: 'URW: Alpha', score: 0.3, evidence: [] },
        { label: 'URW: Beta', score: 0.6, evidence: [] },
      ],
      subNarratives: [
        { label: 'URW: Beta: A first', narrative: 'URW: Beta', score: 0.2, evidence: [] },
        { label: 'URW: Beta: B second', narrative: 'URW: Beta', score: 0.4, evidence: [] },
      ],
      dominant: null,
    });
    expect(text.indexOf('URW: Beta')).toBeLessThan(text.indexOf('URW: Alpha'));
    expect(text.indexOf('B second')).toBeLessThan(text.indexOf('A first'));
  });

  it('quotes the dominant evidence once, under the dominant narrative, and says why it was chosen', () => {
    const text = report({
      status: 'ok',
      domain: { label: 'URW', score: 0.9 },
      narratives: [
        { label: 'URW: Beta', score: 0.6, evidence: [second] },
        { label: 'URW: Gamma', score: 0.45, evidence: [first, third] },
      ],
      subNarratives: [{ label: 'URW: Gamma: Four', narrative: 'URW: Gamma', score: 0.5, evidence: [first] }],
      dominant: {
        narrative: 'URW: Gamma',
        subNarrative: 'URW: Gamma: Four',
        reason: 'not the highest-scoring narrative (URW: Beta, 0.60), but the strongest with its best sub-narrative',
        explanation: 'The first invented sentence.',
        evidence: [{ start: first.start, end: first.end }],
      },
    });
    expect(text.split('The first invented sentence.').length - 1).toBe(1);
    expect(text).toContain('Evidence: “The first invented sentence.”');
    expect(text).toContain('Why: not the highest-scoring narrative (URW: Beta, 0.60)');
    expect(text).toContain('“A third one.”');
    expect(text).toContain('“The second invented sentence.”');
  });

  it('names the domain "none" as neither topic', () => {
    const text = report({ status: 'ok', domain: { label: 'none', score: 0.93 }, narratives: [], subNarratives: [], dominant: null, candidates: [] });
    expect(text).toContain('domain none (neither the war in Ukraine nor climate change) (0.93)');
  });
});

