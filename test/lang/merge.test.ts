/** Merging the analyses of a mixed text's language parts into one (rules in docs/language.md). */
import { describe, expect, it } from 'vitest';
import { mergePartResults, type PartResult } from '../../src/lang/merge.js';
import type { Analysis } from '../../src/schema.js';
import { base } from './fixtures.js';

const ev = (start: number) => [{ start, end: start + 5, text: 'quote', weight: 1 }];
const label = (name: string, score: number, at: number) => ({ label: name, score, evidence: ev(at) });
const part = (code: string, share: number, fill: Partial<Analysis>): PartResult => ({ code, share, analysis: { ...base(), ...fill } });

describe('mergePartResults', () => {
  it('unites narratives by label, each with its own part evidence, and keeps the larger part domain', () => {
    const into = base();
    mergePartResults(into, [
      part('en', 0.6, {
        narratives: { status: 'ok', model: 'EN', domain: { label: 'URW', score: 0.9 }, narratives: [label('URW: A', 0.5, 0)], subNarratives: [], dominant: null },
        models: [{ task: 'narratives', version: 'EN-1' }],
      }),
      part('ru', 0.4, {
        narratives: { status: 'ok', model: 'RU', domain: { label: 'CC', score: 0.7 }, narratives: [label('URW: A', 0.8, 50), label('URW: B', 0.6, 60)], subNarratives: [], dominant: null },
        models: [{ task: 'narratives', version: 'RU-1' }],
      }),
    ]);
    expect(into.narratives!.domain).toEqual({ label: 'URW', score: 0.9 });
    expect(into.narratives!.narratives.map((n) => [n.label, n.score, n.evidence[0].start])).toEqual([
      ['URW: A', 0.8, 50],
      ['URW: B', 0.6, 60],
    ]);
    expect(into.models.map((m) => m.version)).toEqual(['EN-1', 'RU-1']);
    expect(into.notes[0]).toBe("Mixed-language text (en 60%, ru 40%): each task ran on each language's paragraphs with that language's models.");
  });

  it('takes the domain, dominant and submission labels from the largest part that chose a narrative', () => {
    const into = base();
    const dominant = { narrative: 'URW: B', subNarrative: 'URW: B: One', explanation: 'x', evidence: [] };
    mergePartResults(into, [
      part('en', 0.6, {
        narratives: { status: 'ok', model: 'EN', domain: { label: 'none', score: 0.6 }, narratives: [], subNarratives: [], dominant: null, candidates: [{ label: 'CC: C', score: 0.1 }], semeval: { narratives: ['Other'], subNarratives: ['Other'] } },
      }),
      part('ru', 0.4, {
        narratives: { status: 'ok', model: 'RU', domain: { label: 'URW', score: 0.8 }, narratives: [label('URW: B', 0.7, 60)], subNarratives: [], dominant, semeval: { narratives: ['URW: B'], subNarratives: ['URW: B: One'] } },
      }),
    ]);
    expect(into.narratives!.domain).toEqual({ label: 'URW', score: 0.8 });
    expect(into.narratives!.dominant).toEqual(dominant);
    expect(into.narratives!.candidates).toBeUndefined();
    expect(into.narratives!.semeval).toEqual({ narratives: ['URW: B'], subNarratives: ['URW: B: One'] });
  });

  it("keeps each part's notes (which task did not run for its language), and joins the reasons when no part had a model", () => {
    const unavailable = (reason: string) => ({ status: 'unavailable' as const, reason, domain: null, narratives: [], subNarratives: [], dominant: null });
    const some = base();
    const deNote = 'Narratives: not run for language "de" (models for en).';
    mergePartResults(some, [
      part('en', 0.7, { narratives: { ...unavailable(''), status: 'ok', model: 'EN' } }),
      part('de', 0.3, { narratives: unavailable('not run for language "de" (models for en)'), notes: [deNote] }),
    ]);
    expect(some.notes).toContain(deNote);
    const none = base();
    mergePartResults(none, [part('de', 0.5, { narratives: unavailable('no model de') }), part('fr', 0.5, { narratives: unavailable('no model fr') })]);
    expect(none.narratives).toMatchObject({ status: 'unavailable', reason: 'de: no model de; fr: no model fr' });
  });

  it('keeps one entity per name with all its mentions, and sums technique counts', () => {
    const entity = (confidence: number, at: number) => ({
      name: 'Kyiv', mentions: [{ start: at, end: at + 4, text: 'Kyiv' }], mainRole: 'Innocent' as const, fineRoles: [], confidence, evidence: ev(at),
    });
    const span = (at: number) => ({ start: at, end: at + 3, technique: 'Loaded_Language', confidence: 0.9, source: 'm', text: 'abc' });
    const into = base();
    mergePartResults(into, [
      part('en', 0.5, { entities: [entity(0.4, 10)], techniques: { spans: [span(30)], summary: [{ technique: 'Loaded_Language', count: 1, score: 0.9 }] } }),
      part('ru', 0.5, { entities: [entity(0.8, 70)], techniques: { spans: [span(5)], summary: [{ technique: 'Loaded_Language', count: 1, score: 0.7 }] } }),
    ]);
    expect(into.entities).toHaveLength(1);
    expect(into.entities![0].confidence).toBe(0.8);
    expect(into.entities![0].mentions.map((m) => m.start)).toEqual([10, 70]);
    expect(into.techniques!.spans.map((s) => s.start)).toEqual([5, 30]);
    expect(into.techniques!.summary).toEqual([{ technique: 'Loaded_Language', count: 2, score: 0.9 }]);
  });
});
