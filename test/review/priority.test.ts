/** priorityOf and priorityContext: closeness to thresholds, disagreement between tiers, rare labels, the weights and the reasons. */
import { describe, expect, it } from 'vitest';
import { reviewQueue, type ReviewSource } from '../../src/review/queue.js';
import { priorityContext, priorityOf, PRIORITY_WEIGHTS, type PriorityContext } from '../../src/review/priority.js';
import type { Analysis } from '../../src/schema.js';
import type { Annotation } from '../../src/store/annotations.js';
import type { ExportRecord } from '../../src/store/queries.js';

type Narratives = NonNullable<Analysis['narratives']>;
type Label = { label: string; score: number; threshold?: number; tier?: 'llm' | 'hybrid' };

const FLOODS = 'CC: Invented flood narrative';
const FERRY = 'URW: Invented ferry narrative';
const FERRY_SUB = `${FERRY}: The ferry was never late`;

function section(narratives: Label[], subs: (Label & { narrative: string })[] = [], candidates?: { label: string; score: number }[]): Narratives {
  return {
    status: 'ok',
    domain: null,
    narratives: narratives.map((l) => ({ ...l, evidence: [] })),
    subNarratives: subs.map((l) => ({ ...l, evidence: [] })),
    dominant: null,
    ...(candidates ? { candidates } : {}),
  };
}

const none: PriorityContext = { labelCounts: new Map(), decidedArticles: 0 };

describe('priorityOf', () => {
  it('without tiers or decisions is the closeness of the nearest score to its threshold, with that label as the reason', () => {
    const p = priorityOf({ narratives: section([{ label: FLOODS, score: 0.9, threshold: 0.4 }, { label: FERRY, score: 0.45, threshold: 0.35 }]) }, none);
    // Nearest: the ferry narrative, 0.10 above its threshold → 1 − 0.10 / 0.5.
    expect(p.priority).toBe(0.8);
    expect(p.reasons).toEqual([`"${FERRY}" scored 0.45 against its threshold 0.35`]);
  });

  it('measures a label without a recorded threshold, and an "Other" article\'s candidates, against 0.5; ignores catch-alls', () => {
    expect(priorityOf({ narratives: section([{ label: FLOODS, score: 0.7 }]) }, none).priority).toBe(0.6);
    const other = section([{ label: 'Other', score: 0.8 }], [], [{ label: FERRY, score: 0.42 }, { label: FLOODS, score: 0.1 }]);
    expect(priorityOf({ narratives: other }, none)).toEqual({ priority: 0.84, reasons: [`"${FERRY}" scored 0.42 against its threshold 0.50`] });
  });

  it('gives 0 with a reason when there is nothing to decide on', () => {
    expect(priorityOf({}, none)).toEqual({ priority: 0, reasons: ['no narrative labels to decide on'] });
    expect(priorityOf({ narratives: { ...section([]), status: 'unavailable' } }, none).priority).toBe(0);
    expect(priorityOf({ narratives: section([{ label: 'Other', score: 0.9 }]) }, none)).toEqual({ priority: 0, reasons: ['no narrative scores'] });
  });

  it('weighs in the disagreement with another tier kept beside the analysis', () => {
    const fast = section([{ label: FLOODS, score: 0.9, threshold: 0.4 }]); // margin 1 − 0.5/0.5 = 0
    const model = section([{ label: FERRY, score: 1, tier: 'llm' }]);
    const p = priorityOf({ narratives: fast }, { ...none, otherTier: model });
    // Disagreement 2 of 2 labels = 1; weighted mean of margin 0 and tiers 1.
    expect(p.priority).toBe(Math.round((PRIORITY_WEIGHTS.tiers / (PRIORITY_WEIGHTS.margin + PRIORITY_WEIGHTS.tiers)) * 1000) / 1000);
    expect(p.reasons).toContain('the tiers disagree on 2 of 2 labels');
    const agree = priorityOf({ narratives: fast }, { ...none, otherTier: section([{ label: FLOODS, score: 1, tier: 'hybrid' }]) });
    expect(agree.priority).toBe(0);
    expect(agree.reasons.some((r) => r.includes('tiers'))).toBe(false);
  });

  it('finds two tiers in one section, and never measures a language model\'s score of 1 against a threshold', () => {
    const mixed = section([{ label: FERRY, score: 1, tier: 'llm' }, { label: FLOODS, score: 0.55, threshold: 0.5 }]);
    const p = priorityOf({ narratives: mixed }, none);
    expect(p.reasons).toEqual([`"${FLOODS}" scored 0.55 against its threshold 0.50`, 'the tiers disagree on 2 of 2 labels']);
    expect(p.priority).toBe(Math.round(((PRIORITY_WEIGHTS.margin * 0.9 + PRIORITY_WEIGHTS.tiers) / (PRIORITY_WEIGHTS.margin + PRIORITY_WEIGHTS.tiers)) * 1000) / 1000);
  });

  it('puts an article with a rare label above one with the same margin and a common label', () => {
    const context: PriorityContext = { labelCounts: new Map([[FLOODS, 9]]), decidedArticles: 10 };
    const common = priorityOf({ narratives: section([{ label: FLOODS, score: 0.6, threshold: 0.5 }]) }, context);
    const rare = priorityOf({ narratives: section([{ label: FERRY, score: 0.6, threshold: 0.5 }], [{ label: FERRY_SUB, narrative: FERRY, score: 0.7, threshold: 0.5 }]) }, context);
    expect(rare.priority).toBeGreaterThan(common.priority);
    // The ferry labels were never decided: rarity 1, so (0.5 × 0.8 + 0.2 × 1) / 0.7.
    expect(rare.priority).toBe(Math.round(((0.5 * 0.8 + 0.2) / 0.7) * 1000) / 1000);
    expect(rare.reasons).toContain(`"${FERRY}" is in 0 of 10 decided articles`);
    expect(common.reasons.some((r) => r.includes('decided article'))).toBe(false);
  });
});

describe('priorityContext', () => {
  let n = 0;
  const d = (articleId: string, label: string, decision: Annotation['decision'], extra: Partial<Annotation> = {}): Annotation => ({
    id: `a${n++}`, articleId, articleHash: `h-${articleId}`, task: 'narratives', label, decision, author: 'ana', createdAt: '2026-01-01T00:00:00.000Z', modelVersion: 'v', current: true, ...extra,
  });

  it('counts per label the articles that keep it, over the articles with a current narrative decision', () => {
    const ctx = priorityContext([
      d('one', FLOODS, 'accept'),
      d('one', FERRY, 'reject'),
      d('two', FLOODS, 'add'),
      d('two', FLOODS, 'accept', { author: 'bo' }),
      d('three', 'Other', 'accept'),
      d('four', FERRY, 'add', { current: false }),
      d('five', 'opinion', 'accept', { task: 'genre' }),
    ]);
    expect(ctx.decidedArticles).toBe(3);
    expect(Object.fromEntries(ctx.labelCounts)).toEqual({ [FLOODS]: 2 });
  });
});

describe('reviewQueue with priorityOf', () => {
  const record = (id: string, narratives: Narratives) => ({ id, title: id, language: 'en', analysis: { narratives, article: { hash: `h-${id}` } } }) as unknown as ExportRecord;
  const decision = (articleId: string, label: string): Annotation => ({
    id: `q-${articleId}`, articleId, articleHash: `h-${articleId}`, task: 'narratives', label, decision: 'accept', author: 'ana', createdAt: '2026-01-01T00:00:00.000Z', modelVersion: 'v', current: true,
  });
  const source = (records: ExportRecord[], decisions: Annotation[]): ReviewSource => ({
    async *exportRecords() {
      yield* records;
    },
    annotations: {
      async *allAnnotations() {
        yield* decisions;
      },
    },
  });

  it('ranks, among equally close calls, the article with the label the corpus\'s decisions lack first', async () => {
    const records = [
      record('decided', section([{ label: FLOODS, score: 0.6, threshold: 0.5 }])),
      record('common', section([{ label: FLOODS, score: 0.6, threshold: 0.5 }])),
      record('rare', section([{ label: FERRY, score: 0.6, threshold: 0.5 }])),
    ];
    const page = await reviewQueue(source(records, [decision('decided', FLOODS)]), {}, { limit: 10, offset: 0 });
    expect([page.total, page.reviewed]).toEqual([3, 1]);
    expect(page.items.map((i) => i.id)).toEqual(['rare', 'common']);
    expect(page.items[0].reasons).toContain(`"${FERRY}" is in 0 of 1 decided article`);
    // Without any narrative decision the two are tied on their margins (then ordered by id).
    const fresh = await reviewQueue(source(records, []), {}, { limit: 10, offset: 0 });
    expect(fresh.items.map((i) => [i.id, i.priority])).toEqual([['common', 0.8], ['decided', 0.8], ['rare', 0.8]]);
  });
});
