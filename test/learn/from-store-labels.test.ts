/** The approved narratives of an article: the model's labels with the analysts' current decisions applied. */
import { describe, expect, it } from 'vitest';
import { approvedRow, latestDecisions } from '../../src/learn/from-store-labels.js';
import type { Narratives } from '../../src/schema.js';
import type { Annotation, Decision } from '../../src/store/annotations.js';
import { labelLists } from '../../src/taxonomy/file.js';
import { TaxonomyFileSchema } from '../../src/taxonomy/file.js';
import { BAKERY, HARBOUR, HARBOUR_CREWS, TOWN_TAXONOMY, TRAM, TRAM_COSTS, TRAM_EMPTY } from '../taxonomy/fixture.js';

const LISTS = labelLists(TaxonomyFileSchema.parse(TOWN_TAXONOMY));

let n = 0;
function decision(label: string, decision: Decision, extra: Partial<Annotation> = {}): Annotation {
  n++;
  return { id: `a${n}`, articleId: 'art', author: 'ana', createdAt: `2026-01-01T00:00:${String(n).padStart(2, '0')}Z`, modelVersion: 'm', current: true, task: 'narratives', label, decision, ...extra };
}

/** A model section giving the tram narrative with its "nobody rides it" sub-narrative. */
const MODEL: Narratives = {
  status: 'ok',
  domain: null,
  narratives: [{ label: TRAM, score: 0.8, threshold: 0.5, evidence: [] }],
  subNarratives: [{ label: TRAM_EMPTY, narrative: TRAM, score: 0.7, threshold: 0.5, evidence: [] }],
  dominant: null,
};

describe('approved narratives', () => {
  it('keeps the labels an analyst accepted or did not touch, and adds the added ones with their narrative', () => {
    const { row, outside } = approvedRow('x', MODEL, [decision(TRAM, 'accept'), decision(HARBOUR_CREWS, 'add')], LISTS);
    expect(row).toEqual({ id: 'x', narratives: [TRAM, HARBOUR], subNarratives: [TRAM_EMPTY, HARBOUR_CREWS] });
    expect(outside).toEqual([]);
  });

  it('drops a rejected narrative with its sub-narratives, and gives a narrative without a sub-narrative "<narrative>: Other"', () => {
    const { row } = approvedRow('x', MODEL, [decision(TRAM, 'reject'), decision(BAKERY, 'add')], LISTS);
    expect(row).toEqual({ id: 'x', narratives: [BAKERY], subNarratives: [`${BAKERY}: Other`] });
  });

  it('is "Other" when every label was rejected', () => {
    expect(approvedRow('x', MODEL, [decision(TRAM, 'reject')], LISTS).row).toEqual({ id: 'x', narratives: ['Other'], subNarratives: ['Other'] });
  });

  it('replaces a sub-narrative on a reject and an add', () => {
    const { row } = approvedRow('x', MODEL, [decision(TRAM_EMPTY, 'reject'), decision(TRAM_COSTS, 'add')], LISTS);
    expect(row).toEqual({ id: 'x', narratives: [TRAM], subNarratives: [TRAM_COSTS] });
  });

  it('applies the latest current decision on a label, whoever made it, and ignores superseded ones', () => {
    const decisions = [decision(HARBOUR, 'add', { author: 'ana' }), decision(HARBOUR, 'reject', { author: 'ben' }), decision(BAKERY, 'add', { current: false })];
    expect(latestDecisions(decisions).get(HARBOUR)?.author).toBe('ben');
    expect(approvedRow('x', MODEL, decisions, LISTS).row.narratives).toEqual([TRAM]);
  });

  it('leaves out labels that are not in the taxonomy trained on, and names them', () => {
    const retired = 'URW: Discrediting the West, Diplomacy';
    const { row, outside } = approvedRow('x', { ...MODEL, narratives: [{ label: retired, score: 0.9, threshold: 0.5, evidence: [] }], subNarratives: [] }, [decision(HARBOUR, 'add')], LISTS);
    expect(row.narratives).toEqual([HARBOUR]);
    expect(outside).toEqual([retired]);
  });

  it('tells levels apart by shape without a taxonomy', () => {
    const { row } = approvedRow('x', undefined, [decision('ZZ: New story: Part one', 'add'), decision('ZZ: Other story', 'add')]);
    expect(row).toEqual({ id: 'x', narratives: ['ZZ: New story', 'ZZ: Other story'], subNarratives: ['ZZ: New story: Part one', 'ZZ: Other story: Other'] });
  });
});
