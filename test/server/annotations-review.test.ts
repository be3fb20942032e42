/** GET /api/review (the queue: undecided articles by priority, filters, progress) and GET /api/review/agreement over decisions made through the API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgForTests } from '../store/pg-env.js';
import { FIXTURE_SPECS } from './fixtures.js';
import { call, postgresApp, secretFor, sqliteApp, type AnnotationApp } from './annotations-app.js';

/** The harbour fixture's sub-narrative, the queue's nearest call. */
const HARBOUR_SUB = FIXTURE_SPECS.find((s) => s.id === 'fixture-harbour')!.subNarratives![0].label;

interface ReviewPage {
  total: number;
  reviewed: number;
  items: { id: string; title: string; language: string; source?: string; publishedAt?: string; priority: number; reasons: string[] }[];
}

const pgAvailable = (await pgForTests()).available;

function reviewSuite(name: string, make: () => Promise<AnnotationApp>) {
  describe(`review on ${name}`, () => {
    let t: AnnotationApp;
    let anna: string;
    let bo: string;
    const get = async <T>(path: string) => {
      const res = await call(t.app, 'GET', path);
      expect(res.status, path).toBe(200);
      return (await res.json()) as T;
    };
    const annotate = (id: string, secret: string, decisions: unknown[]) => call(t.app, 'POST', `/api/articles/${id}/annotations`, secret, { decisions });

    beforeAll(async () => {
      t = await make();
      anna = await secretFor(t.store, 'anna', 'annotator');
      bo = await secretFor(t.store, 'bo', 'annotator');
    });
    afterAll(() => t?.close());

    describe('the review queue', () => {
      it('orders the undecided articles by how close the nearest narrative score is to its threshold, with the reason', async () => {
        const page = await get<ReviewPage>('/api/review');
        expect(page.total).toBe(4);
        expect(page.reviewed).toBe(0);
        // Nearest calls: harbour's sub-narrative at 0.60, hostile's narrative at 0.70, windmill's sub-narrative at 0.77; the bakery has none.
        expect(page.items.map((i) => [i.id, i.priority])).toEqual([
          ['fixture-harbour', 0.8],
          ['fixture-hostile', 0.6],
          ['fixture-windmill', 0.46],
          ['fixture-bakery', 0],
        ]);
        expect(page.items[0].reasons).toEqual([`"${HARBOUR_SUB}" scored 0.60 against its threshold 0.50`]);
        expect(page.items[0]).toMatchObject({ title: expect.stringContaining('Harbour town'), language: expect.any(String), source: 'example-harbour-news.test', publishedAt: expect.stringMatching(/^2024-03-04/) });
      });

      it('filters by source, language and publication dates, and pages', async () => {
        expect((await get<ReviewPage>('/api/review?source=example-blog.test')).items.map((i) => i.id)).toEqual(['fixture-hostile', 'fixture-windmill']);
        expect((await get<ReviewPage>('/api/review?from=2024-03-10&to=2024-03-21')).items.map((i) => i.id)).toEqual(['fixture-windmill', 'fixture-bakery']);
        expect((await get<ReviewPage>('/api/review?language=xx')).total).toBe(0);
        const second = await get<ReviewPage>('/api/review?limit=2&offset=1');
        expect(second.items.map((i) => i.id)).toEqual(['fixture-hostile', 'fixture-windmill']);
        const bad = await call(t.app, 'GET', '/api/review?from=2024-02-30');
        expect(bad.status).toBe(400);
        expect(((await bad.json()) as { field: string }).field).toBe('from');
        expect((await call(t.app, 'GET', '/api/review?limit=0')).status).toBe(400);
      });

      it('takes decided articles out of the queue and counts them as reviewed', async () => {
        expect((await annotate('fixture-harbour', anna, [{ task: 'genre', label: 'opinion', decision: 'accept' }])).status).toBe(201);
        const page = await get<ReviewPage>('/api/review');
        expect([page.total, page.reviewed]).toEqual([4, 1]);
        expect(page.items.map((i) => i.id)).toEqual(['fixture-hostile', 'fixture-windmill', 'fixture-bakery']);
        expect((await get<ReviewPage>('/api/review?source=example-blog.test')).reviewed).toBe(0);
      });
    });

    describe('agreement', () => {
      it("reports Cohen's kappa per pair over the targets both decided and Krippendorff's alpha, overall and per task", async () => {
        // anna and bo on four targets: (T,T) (T,F) (F,F) (T,T) — observed 3/4, marginals 3/4 and 1/2, chance 0.5, kappa 0.5.
        await annotate('fixture-windmill', anna, [
          { task: 'genre', label: 'opinion', decision: 'accept' },
          { task: 'frames', label: 'Economic', decision: 'accept' },
        ]);
        await annotate('fixture-windmill', bo, [
          { task: 'genre', label: 'opinion', decision: 'accept' },
          { task: 'frames', label: 'Economic', decision: 'reject' },
        ]);
        await annotate('fixture-hostile', anna, [
          { task: 'genre', label: 'satire', decision: 'reject' },
          { task: 'narratives', label: 'URW: Blaming the war on others rather than the invader', decision: 'accept' },
        ]);
        await annotate('fixture-hostile', bo, [
          { task: 'genre', label: 'satire', decision: 'reject' },
          { task: 'narratives', label: 'URW: Blaming the war on others rather than the invader', decision: 'add' },
        ]);
        const report = await get<{ pairs: { a: string; b: string; articles: number; targets: number; kappa: number | null }[]; alpha: number | null; targets: number; byTask: Record<string, { alpha: number | null; targets: number }> }>('/api/review/agreement');
        expect(report.pairs).toEqual([{ a: 'anna', b: 'bo', articles: 2, targets: 4, kappa: 0.5 }]);
        expect(report.targets).toBe(4);
        // Units [T,T] [T,F] [F,F] [T,T]: o_TT 4, o_FF 2, o_TF 1; n_T 5, n_F 3, n 8; alpha = 1 - 7 * 2 / (2 * 5 * 3) = 8/15.
        expect(report.alpha).toBeCloseTo(8 / 15, 10);
        expect(Object.keys(report.byTask).sort()).toEqual(['frames', 'genre', 'narratives']);
        // Frames: one unit [T,F]: n_T 1, n_F 1, n 2, alpha = 1 - 1 * 2 / (2 * 1 * 1) = 0; genre: [T,T] [F,F], alpha 1.
        expect(report.byTask.frames).toMatchObject({ targets: 1, alpha: 0 });
        expect(report.byTask.genre).toMatchObject({ targets: 2, alpha: 1 });
      });
    });
  });
}

reviewSuite('SQLite', async () => sqliteApp());

describe.skipIf(!pgAvailable)('PostgreSQL', () => {
  reviewSuite('PostgreSQL', () => postgresApp());
});
