/**
 * A new analysis is a folder plus one registry line: the test-only "tone" task (test/fixtures/tasks/tone)
 * is analysed by the pipeline, stored, filtered and counted through the API, listed by GET /api/tasks
 * and the OpenAPI document, exported as a CSV column and reported in the terminal, with no edit
 * anywhere else; the tests only pass the registry's tasks plus it where TASKS is the default.
 */
import { parse } from 'csv-parse/sync';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/cli/report.js';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { createApp } from '../../src/server/app.js';
import type { SqliteStore } from '../../src/store/sqlite.js';
import { toneTask, withTone } from '../fixtures/tasks/tone/annotate.js';
import { tempStore } from '../store/fixtures.js';

const TEXTS = {
  kiln: 'Kiln festival opens\nThe potters of Varnholm opened their yearly kiln festival on Saturday with bowls and jugs.',
  flood: 'Panic at the harbour!\nA burst pipe flooded the Varnholm ferry shed and alarmed the night crew!',
};

let store: SqliteStore;
let close: () => void;
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  ({ store, close } = tempStore('narrascope-tone-', 'tone.db', { tasks: withTone }));
  const items = Object.entries(TEXTS).map(([id, raw]) => {
    const article = createArticle({ id, raw, origin: { format: 'text' } });
    return { article, analysis: analyzeArticle(article, { annotators: [toneTask], language: 'en' }) };
  });
  store.putBatch(items);
  app = createApp({ store: new SqliteEngine(store), tasks: withTone, analyze: () => { throw new Error('not used'); }, limits: { jsonBytes: 1024, uploadBytes: 1024 }, log: () => {} });
});

afterAll(() => close());

const json = async (path: string) => {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  return res.json();
};

describe('a task added as a folder and one registry line', () => {
  it('is run by the pipeline', () => {
    const a = analyzeArticle(createArticle({ id: 'x', raw: TEXTS.flood, origin: { format: 'text' } }), { annotators: [toneTask], language: 'en' }) as unknown as Record<string, unknown>;
    expect(a.tone).toEqual({ label: 'alarmed', score: 0.9 });
  });

  it('is filtered and counted through the API by its own query parameter', async () => {
    const page = await json('/api/articles?tone=alarmed');
    expect(page.items.map((i: { id: string }) => i.id)).toEqual(['flood']);
    expect((await json('/api/articles?tone=calm')).items.map((i: { id: string }) => i.id)).toEqual(['kiln']);
    const stats = await json('/api/stats');
    expect(stats.tones).toEqual([{ label: 'alarmed', count: 1 }, { label: 'calm', count: 1 }]);
    expect((await json('/api/stats?tone=calm')).total).toBe(1);
  });

  it('refuses its parameter where the task is not registered, naming it', async () => {
    const plain = createApp({ store: new SqliteEngine(store), analyze: () => { throw new Error('not used'); }, limits: { jsonBytes: 1024, uploadBytes: 1024 }, log: () => {} });
    const res = await plain.request('/api/articles?tone=calm');
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('tone');
  });

  it('is listed by GET /api/tasks and documented in the OpenAPI document', async () => {
    const { tasks } = await json('/api/tasks');
    expect(tasks.map((t: { id: string }) => t.id)).toEqual(['narratives', 'entities', 'techniques', 'genre', 'frames', 'provenance', 'tone']);
    expect(tasks.at(-1)).toEqual({ id: 'tone', title: 'Tone', facets: [{ task: 'tone', filter: 'tone', stats: 'tones', name: 'tone', title: 'Tones' }] });
    const doc = await json('/api/openapi.json');
    expect(doc.paths['/api/articles'].get.parameters.map((p: { name: string }) => p.name)).toContain('tone');
    expect(Object.keys(doc.components.schemas.Stats.properties)).toContain('tones');
  });

  it('is a column of the CSV export', async () => {
    const res = await app.request('/api/export?format=csv&tone=alarmed');
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([expect.objectContaining({ id: 'flood', tone: 'alarmed' })]);
  });

  it('has its label rows in the terminal report, through the generic section', () => {
    const stored = store.get('flood')!;
    expect(renderReport(stored.analysis, stored.raw, { tasks: withTone })).toContain('Tones  alarmed 0.90');
  });
});
