/**
 * POST /api/analyze with several articles: analysed together, decided under the batch's label mix
 * (the test-only tone task's shift hook) unless `priors` is "training"; errors name the field; the
 * OpenAPI document has the batch shapes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AnalyzeBatchResultSchema } from '../../src/api-schema.js';
import { analyzeBatch } from '../../src/pipeline.js';
import { createApp } from '../../src/server/app.js';
import { MAX_ANALYZE_ARTICLES } from '../../src/server/limits.js';
import { toneTask } from '../fixtures/tasks/tone/annotate.js';
import { fixtureServer } from './fixtures.js';

const { deps, close } = fixtureServer('token-1234567890');
const app = createApp({ ...deps, analyzeBatch: (inputs, o) => analyzeBatch(inputs, { ...o, annotators: [toneTask] }).analyses });
afterAll(() => close());

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

const PLACES = ['Varnholm', 'Eskerby', 'Lunmoor', 'Tidewick', 'Orrisdale'];
const calm = (i: number) => ({ title: `Library hours ${i}`, text: `The library of ${PLACES[i % 5]} opens an hour earlier on weekday ${i % 7}.`, language: 'en' });
const mild = (i: number) => ({ title: `Road closed ${i}`, text: `Drivers in ${PLACES[i % 5]} were alarmed by a closed road near bridge ${i}.`, language: 'en' });
const batch = [...Array.from({ length: 25 }, (_, i) => calm(i)), ...Array.from({ length: 5 }, (_, i) => mild(i))];

async function analyse(body: unknown) {
  const res = await app.request('/api/analyze', json(body));
  expect(res.status).toBe(200);
  const answer = (await res.json()) as { articles: { title: string; stored: boolean; analysis: Record<string, unknown> & { labelShift?: Record<string, { batchSize: number }> } }[] };
  // Valid against the documented shape (which leaves the test-only tone section out when parsing).
  AnalyzeBatchResultSchema.parse(answer);
  return answer.articles;
}
const tones = (articles: { analysis: unknown }[]) => articles.map((a) => (a.analysis as { tone: { label: string } }).tone.label);

describe('POST /api/analyze with several articles', () => {
  it('analyses them together under the batch label mix, in order, nothing stored', async () => {
    const before = await deps.store.count();
    const articles = await analyse({ articles: batch, priors: 'batch' });
    expect(articles.map((a) => a.title)).toEqual(batch.map((b) => b.title));
    expect(tones(articles).every((t) => t === 'calm')).toBe(true);
    expect(articles[0].analysis.labelShift?.tone.batchSize).toBe(30);
    expect(articles.every((a) => a.stored === false)).toBe(true);
    expect(await deps.store.count()).toBe(before);
  });

  it('keeps the training priors with "training", and by default for a hook that is off by default', async () => {
    for (const body of [{ articles: batch, priors: 'training' }, { articles: batch }]) {
      const articles = await analyse(body);
      expect(tones(articles).filter((t) => t === 'alarmed')).toHaveLength(5);
      expect(articles.some((a) => a.analysis.labelShift)).toBe(false);
    }
  });

  it('names the field of a bad batch', async () => {
    const cases: [unknown, RegExp][] = [
      [{ articles: batch, priors: 'feed' }, /priors/],
      [{ articles: [calm(0), { title: 'x', text: '  ' }] }, /articles\.1\.text|articles\[1\]\.text|must not be empty/],
      [{ articles: [] }, /articles/],
      [{ articles: Array.from({ length: MAX_ANALYZE_ARTICLES + 1 }, (_, i) => calm(i)) }, new RegExp(`over the limit of ${MAX_ANALYZE_ARTICLES} per analysis request`)],
    ];
    for (const [body, message] of cases) {
      const res = await app.request('/api/analyze', json(body));
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
  });

  it('still answers one article with its detail', async () => {
    const res = await app.request('/api/analyze', json(calm(1)));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { title: string }).title).toBe('Library hours 1');
  });

  it('documents both request shapes and the batch result in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['AnalyzeRequest', 'AnalyzeBatchRequest', 'AnalyzeBatchResult']));
  });
});
