/**
 * The behaviour every storage engine must have (src/store/engine.ts): call describeStorageEngine with
 * a factory for the engine and its tests run against it. Fixture analyses, not the shipped models.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArticle, type Article } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { Analysis } from '../../src/schema.js';
import type { StorageEngine } from '../../src/store/engine.js';
import { modelVersionOf } from '../../src/store/labels.js';
import { FilterError, MAX_LIST_OFFSET } from '../../src/store/queries.js';
import { SearchQueryError, type StoreItem } from '../../src/store/types.js';
import { inventedStory } from './invented-text.js';

/** A fresh, empty store: the engine, a way to open a second connection to the same store, and cleanup. */
export interface EngineHandle {
  engine: StorageEngine;
  /** Another engine on the same store (another process or machine would see this). */
  connect(): Promise<StorageEngine>;
  cleanup(): Promise<void>;
}

/** Every record of an async walk (Node 20 has no Array.fromAsync). */
async function collect<T>(walk: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of walk) out.push(x);
  return out;
}

interface Spec {
  id: string;
  title: string;
  body: string;
  source?: string;
  publishedAt?: string;
  domain?: string;
  narratives?: [string, number][];
  techniques?: [string, number][];
  entities?: { name: string; role: 'Protagonist' | 'Antagonist' | 'Innocent'; fine: string[] }[];
  genre?: string;
  frames?: string[];
}

const BLAME = 'URW: Blaming the war on others rather than the invader';
const POLICIES = 'CC: Criticism of climate policies';

// Invented articles, written for these tests.
const SPECS: Spec[] = [
  {
    id: 'harbour', title: 'Harbour crane breaks record', body: 'The example port of Lindenvik moved 4,200 containers with its harbour crane.',
    source: 'example-a.test', publishedAt: '2024-03-04', domain: 'URW', narratives: [[BLAME, 0.9]], techniques: [['Loaded_Language', 0.8]],
    entities: [{ name: 'Lindenvik', role: 'Innocent', fine: ['Victim'] }], genre: 'opinion', frames: ['Security_and_defense'],
  },
  {
    id: 'windmill', title: 'Windmill levy called a scheme', body: 'An invented blogger says the windmill levy of Tamberg will ruin every family.',
    source: 'example-b.test', publishedAt: '2024-04-12', domain: 'CC', narratives: [[POLICIES, 0.8]], techniques: [['Exaggeration-Minimisation', 0.6], ['Loaded_Language', 0.5]],
    entities: [{ name: 'Tamberg council', role: 'Antagonist', fine: ['Corrupt'] }], genre: 'opinion', frames: ['Economic'],
  },
  {
    id: 'bakery', title: 'Village bakery opens at dawn', body: 'An example bakery in Ostrava Nova now bakes rye loaves before sunrise.',
    source: 'example-a.test', publishedAt: '2024-04-20', domain: 'none', genre: 'reporting',
  },
  {
    id: 'council', title: 'Council debates bicycle lanes', body: 'The example town council spent three hours on painted bicycle lanes on Elm Street.',
    source: 'example-b.test', domain: 'URW', narratives: [[BLAME, 0.7]], entities: [{ name: 'Lindenvik', role: 'Antagonist', fine: ['Instigator'] }],
  },
];

function article(spec: Spec, id = spec.id): Article {
  return createArticle({
    raw: `${spec.title}\n\n${spec.body}\n`,
    id,
    origin: { path: `${spec.id}.txt`, format: 'text' },
    ...(spec.source ? { source: spec.source } : {}),
    ...(spec.publishedAt ? { publishedAt: spec.publishedAt } : {}),
  });
}

/** The pipeline's analysis without task models, with the spec's labels set by hand. */
function analysisOf(a: Article, spec: Spec): Analysis {
  const analysis = analyzeArticle(a, { annotators: [] });
  if (spec.domain) {
    analysis.narratives = {
      status: 'ok',
      domain: { label: spec.domain, score: 0.9 },
      narratives: (spec.narratives ?? []).map(([label, score]) => ({ label, score, evidence: [] })),
      subNarratives: [],
      dominant: null,
    };
  }
  if (spec.techniques) {
    analysis.techniques = { spans: [], summary: spec.techniques.map(([technique, score]) => ({ technique, count: 1, score })) };
  }
  if (spec.entities) {
    analysis.entities = spec.entities.map((e) => ({
      name: e.name, mentions: [], mainRole: e.role, fineRoles: e.fine.map((role) => ({ role, score: 0.6 })), confidence: 0.8, evidence: [],
    }));
  }
  if (spec.genre) analysis.genre = { label: spec.genre, scores: { [spec.genre]: 0.8 } };
  if (spec.frames) analysis.frames = spec.frames.map((label) => ({ label, score: 0.6 }));
  analysis.models = [{ task: 'fixture', version: '1' }];
  return analysis;
}

const itemOf = (spec: Spec, id?: string): StoreItem => {
  const a = article(spec, id);
  return { article: a, analysis: analysisOf(a, spec) };
};
const ITEMS = () => SPECS.map((s) => itemOf(s));

interface ProvSpec {
  id: string;
  body: string;
  title?: string;
  source?: string;
  publishedAt?: string;
  outlets?: string[];
  names?: string[];
}

/** An article for the provenance cases: its text as given, outlets and entity names set by hand. */
function provItem(spec: ProvSpec): StoreItem {
  const a = createArticle({
    raw: `${spec.title ?? `Story ${spec.id}`}\n\n${spec.body}\n`,
    id: spec.id,
    origin: { format: 'text' },
    ...(spec.source ? { source: spec.source } : {}),
    ...(spec.publishedAt ? { publishedAt: spec.publishedAt } : {}),
  });
  const analysis = analyzeArticle(a, { annotators: [] });
  analysis.provenance.attributedTo = (spec.outlets ?? []).map((outlet) => ({ start: 0, end: 1, outlet, kind: 'first-published', rule: 'fixture', text: 'S' }));
  if (spec.names) analysis.entities = spec.names.map((name) => ({ name, mentions: [], mainRole: 'Innocent', fineRoles: [], confidence: 0.5, evidence: [] }));
  return { article: a, analysis };
}

/** The same story with the n-th word of the k-th sentence swapped, for a spun copy. */
function swapWord(body: string, from: string, to: string): string {
  if (!body.includes(from)) throw new Error(`fixture: "${from}" is not in the story`);
  return body.replace(from, to);
}

/** Many small articles, for the export's chunks. */
const manyItems = (n: number) =>
  Array.from({ length: n }, (_, i) => itemOf({ id: `n${String(i).padStart(4, '0')}`, title: `Example note ${i}`, body: `Invented note number ${i} about tram ${i % 7}.` }));

export function describeStorageEngine(name: string, create: () => Promise<EngineHandle>): void {
  describe(`storage engine: ${name}`, () => {
    let h: EngineHandle;
    let store: StorageEngine;
    beforeEach(async () => {
      h = await create();
      store = h.engine;
    });
    afterEach(async () => {
      await store.close();
      await h.cleanup();
    });
    const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id).sort();

    describe('put and get', () => {
      it('stores a batch, idempotent by content hash, a repeat within a batch counted once', async () => {
        const items = ITEMS();
        expect(await store.putBatch(items.slice(0, 2))).toEqual({ inserted: 2, duplicates: 0, ids: ['harbour', 'windmill'] });
        const again = await store.putBatch([itemOf(SPECS[0], 'other-name'), items[2], items[2]]);
        expect(again).toEqual({ inserted: 1, duplicates: 2, ids: ['harbour', 'bakery', 'bakery'] });
        expect(await store.count()).toBe(3);
        expect(await store.hasHash(items[0].article.hash)).toBe(true);
        expect(await store.hasHash('0'.repeat(64))).toBe(false);
      });

      it('stores a different article with a taken id under <id>~<hash prefix>', async () => {
        await store.putBatch([itemOf(SPECS[0], 'story')]);
        const second = itemOf(SPECS[1], 'story');
        const expected = `story~${second.article.hash.slice(0, 8)}`;
        expect((await store.putBatch([second])).ids).toEqual([expected]);
        expect((await store.get('story'))!.title).toBe(SPECS[0].title);
        expect((await store.get(expected))!.analysis.article.id).toBe(expected);
      });

      it('writes nothing of a batch in which one item fails', async () => {
        const broken = { article: article(SPECS[1]), analysis: { cleaning: undefined } as unknown as Analysis };
        await expect(store.putBatch([itemOf(SPECS[0]), broken])).rejects.toThrow();
        expect(await store.count()).toBe(0);
        expect(await store.checkConsistency()).toEqual([]);
      });

      it('finds an article by id, full hash and unique hash prefix, with its fields and analysis', async () => {
        const [harbour] = ITEMS();
        await store.putBatch([harbour]);
        const got = (await store.get('harbour'))!;
        expect(got).toMatchObject({
          id: 'harbour', hash: harbour.article.hash, title: SPECS[0].title, raw: harbour.article.raw, source: 'example-a.test',
          publishedAt: '2024-03-04', origin: { path: 'harbour.txt', format: 'text' }, modelVersion: modelVersionOf(harbour.analysis),
        });
        expect(got.analysis).toEqual(harbour.analysis);
        expect((await store.get(harbour.article.hash))!.id).toBe('harbour');
        expect((await store.get(harbour.article.hash.slice(0, 8)))!.id).toBe('harbour');
        expect(await store.get(harbour.article.hash.slice(0, 7))).toBeUndefined();
        expect(await store.get('missing')).toBeUndefined();
      });
    });

    describe('list and search', () => {
      beforeEach(async () => {
        await store.putBatch(ITEMS());
      });

      it('lists in ingest order with limit, offset, source and language', async () => {
        expect((await store.list()).map((r) => r.id)).toEqual(['harbour', 'windmill', 'bakery', 'council']);
        expect((await store.list({ limit: 1, offset: 1 })).map((r) => r.id)).toEqual(['windmill']);
        expect((await store.list({ source: 'example-a.test' })).map((r) => r.id)).toEqual(['harbour', 'bakery']);
        expect(await store.list({ language: 'zz' })).toEqual([]);
      });

      it('searches title and text with highlighted snippets; quotes a query that is not valid syntax; refuses an empty one', async () => {
        const r = await store.search('bicycle', { highlight: { open: '[', close: ']' } });
        expect(r).toMatchObject({ quoted: false, query: 'bicycle' });
        expect(r.hits.map((h) => h.id)).toEqual(['council']);
        expect(r.hits[0].snippet).toContain('[bicycle]');
        expect((await store.search('bicycle')).hits[0].snippet).not.toContain('[');
        expect((await store.search('rye OR crane')).hits.map((h) => h.id).sort()).toEqual(['bakery', 'harbour']);
        // What is invalid syntax, and so quoted, is the engine's own (FTS5's case is in sqlite.test.ts); any text runs.
        await expect(store.search('harbour AND')).resolves.toMatchObject({ hits: expect.any(Array) });
        expect((await store.search('"bicycle')).hits.map((h) => h.id)).toEqual(['council']);
        await expect(store.search('  ')).rejects.toThrow(SearchQueryError);
      });

      it('counts labels and lists an article’s labels', async () => {
        expect(await store.labelCounts('technique')).toEqual([
          { task: 'technique', label: 'Loaded_Language', count: 2 },
          { task: 'technique', label: 'Exaggeration-Minimisation', count: 1 },
        ]);
        expect(await store.labelsOf('bakery')).toEqual([
          { task: 'domain', label: 'none', score: 0.9 },
          { task: 'genre', label: 'reporting', score: 0.8 },
        ]);
      });
    });

    describe('filters', () => {
      beforeEach(async () => {
        await store.putBatch(ITEMS());
      });

      it('narrow by every label, source, language, dates and text, newest first', async () => {
        // An undated article is dated by its ingest day (today): newest.
        expect((await store.listArticles({})).items.map((i) => i.id)).toEqual(['council', 'bakery', 'windmill', 'harbour']);
        expect(ids(await store.listArticles({ narrative: BLAME }))).toEqual(['council', 'harbour']);
        expect(ids(await store.listArticles({ technique: 'Loaded_Language' }))).toEqual(['harbour', 'windmill']);
        expect(ids(await store.listArticles({ domain: 'none' }))).toEqual(['bakery']);
        expect(ids(await store.listArticles({ genre: 'opinion' }))).toEqual(['harbour', 'windmill']);
        expect(ids(await store.listArticles({ frame: 'Economic' }))).toEqual(['windmill']);
        expect(ids(await store.listArticles({ entity: 'Lindenvik' }))).toEqual(['council', 'harbour']);
        expect(ids(await store.listArticles({ entity: 'Lindenvik', role: 'Antagonist' }))).toEqual(['council']);
        expect(ids(await store.listArticles({ entity: 'Lindenvik', role: 'Victim' }))).toEqual(['harbour']);
        expect(ids(await store.listArticles({ role: 'Corrupt' }))).toEqual(['windmill']);
        expect(ids(await store.listArticles({ source: 'example-b.test', narrative: BLAME }))).toEqual(['council']);
        expect(ids(await store.listArticles({ from: '2024-04-01', to: '2024-04-30' }))).toEqual(['bakery', 'windmill']);
        expect(ids(await store.listArticles({ language: 'zz' }))).toEqual([]);
        const text = await store.listArticles({ q: 'rye loaves' });
        expect(text).toMatchObject({ total: 1, search: { query: 'rye loaves', quoted: false } });
        expect(text.items[0].snippet).toContain('rye');
      });

      it('give a page with its total, the list fields and top labels', async () => {
        const page = await store.listArticles({}, { limit: 2, offset: 2 });
        expect(page).toMatchObject({ total: 4, offset: 2, limit: 2 });
        expect(page.items.map((i) => i.id)).toEqual(['windmill', 'harbour']);
        expect(page.items[1]).toMatchObject({
          domain: 'URW', genre: 'opinion', date: '2024-03-04', source: 'example-a.test',
          narratives: [{ label: BLAME, score: 0.9 }], techniques: [{ label: 'Loaded_Language', score: 0.8 }],
        });
      });

      it('name the field of a value that cannot be used', async () => {
        const fieldOf = async (fn: () => Promise<unknown>) => {
          try {
            await fn();
          } catch (err) {
            expect(err).toBeInstanceOf(FilterError);
            return (err as FilterError).field;
          }
          return 'no error';
        };
        expect(await fieldOf(() => store.listArticles({ from: '2024-02-30' }))).toBe('from');
        expect(await fieldOf(() => store.stats({ to: 'last week' }))).toBe('to');
        expect(await fieldOf(() => store.listArticles({}, { offset: MAX_LIST_OFFSET + 1 }))).toBe('offset');
      });
    });

    describe('facets and statistics', () => {
      beforeEach(async () => {
        await store.putBatch(ITEMS());
      });

      it('count every facet over the filtered set, with a timeline of dated articles', async () => {
        const s = await store.stats({}, { bucket: 'month' });
        expect(s.total).toBe(4);
        expect(s.withoutNarrative).toBe(1);
        expect(s.narratives).toEqual([{ label: BLAME, count: 2 }, { label: POLICIES, count: 1 }]);
        expect(s.techniques).toEqual([{ label: 'Loaded_Language', count: 2 }, { label: 'Exaggeration-Minimisation', count: 1 }]);
        expect(s.domains).toEqual([{ label: 'URW', count: 2 }, { label: 'CC', count: 1 }, { label: 'none', count: 1 }]);
        expect(s.genres).toEqual([{ label: 'opinion', count: 2 }, { label: 'reporting', count: 1 }]);
        expect(s.frames).toEqual([{ label: 'Economic', count: 1 }, { label: 'Security_and_defense', count: 1 }]);
        expect(s.mainRoles).toEqual([{ label: 'Antagonist', count: 2 }, { label: 'Innocent', count: 1 }]);
        expect(s.fineRoles).toEqual([{ label: 'Corrupt', count: 1 }, { label: 'Instigator', count: 1 }, { label: 'Victim', count: 1 }]);
        expect(s.entitiesByRole.find((r) => r.role === 'Antagonist')!.entities).toEqual([{ label: 'Lindenvik', count: 1 }, { label: 'Tamberg council', count: 1 }]);
        expect(s.sources).toEqual([{ label: 'example-a.test', count: 2 }, { label: 'example-b.test', count: 2 }]);
        expect(s.timeline).toMatchObject({ bucket: 'month', periods: ['2024-03', '2024-04'], total: [1, 2], undated: 1 });
        expect(s.timeline.narratives).toEqual([{ label: BLAME, counts: [1, 0] }, { label: POLICIES, counts: [0, 1] }]);
        expect((await store.stats({ source: 'example-b.test' })).narratives).toEqual([{ label: POLICIES, count: 1 }, { label: BLAME, count: 1 }]); // ties by label
      });

      it('follow every write, through this connection or another', async () => {
        expect((await store.stats({})).total).toBe(4);
        await store.putBatch([itemOf({ ...SPECS[0], id: 'harbour-2', body: 'A second invented harbour story.' })]);
        expect((await store.stats({})).narratives[0]).toEqual({ label: BLAME, count: 3 });
        const other = await h.connect();
        try {
          await other.putBatch([itemOf({ ...SPECS[1], id: 'windmill-2', body: 'A second invented windmill story.' })]);
        } finally {
          await other.close();
        }
        expect((await store.stats({})).total).toBe(6);
        expect((await store.listArticles({ narrative: POLICIES })).total).toBe(2);
      });
    });

    describe('export', () => {
      it('walks the filtered set in ingest order, chunk by chunk, up to a limit', async () => {
        await store.putBatch(ITEMS());
        await store.putBatch(manyItems(450));
        const walk = store.exportRecords({});
        expect(Array.isArray(walk)).toBe(false);
        const records = await collect(walk);
        expect(records).toHaveLength(454);
        expect(records.slice(0, 5).map((r) => r.id)).toEqual(['harbour', 'windmill', 'bakery', 'council', 'n0000']);
        expect(records.at(-1)!.id).toBe('n0449');
        expect(records[0]).toMatchObject({ title: SPECS[0].title, source: 'example-a.test', publishedAt: '2024-03-04', origin: { path: 'harbour.txt' } });
        expect(records[0].analysis.narratives?.status).toBe('ok');
        expect((await collect(store.exportRecords({}, 3))).map((r) => r.id)).toEqual(['harbour', 'windmill', 'bakery']);
        expect((await collect(store.exportRecords({ narrative: BLAME }))).map((r) => r.id)).toEqual(['harbour', 'council']);
        expect((await collect(store.exportRecords({ q: 'tram 3' }))).length).toBe(64);
      });
    });

    describe('reanalysis', () => {
      it('replaces an analysis with its labels, model version, filters and counts', async () => {
        await store.putBatch(ITEMS());
        const bakery = article(SPECS[2]);
        const fresh = analysisOf(bakery, { ...SPECS[2], domain: 'CC', narratives: [[POLICIES, 0.7]] });
        fresh.models = [{ task: 'fixture', version: '2' }];
        expect(await store.putAnalysis('bakery', fresh)).toBe(true);
        expect((await store.get('bakery'))!.modelVersion).toBe(modelVersionOf(fresh));
        expect((await store.labelsOf('bakery')).find((l) => l.task === 'narrative')).toEqual({ task: 'narrative', label: POLICIES, score: 0.7 });
        expect(ids(await store.listArticles({ narrative: POLICIES }))).toEqual(['bakery', 'windmill']);
        expect((await store.stats({})).domains).toEqual([{ label: 'CC', count: 2 }, { label: 'URW', count: 2 }]);
        expect(await store.putAnalysis('missing', fresh)).toBe(false);
        expect(await store.count()).toBe(4);
        expect(await store.checkConsistency()).toEqual([]);
      });
    });

    describe('claims', () => {
      it('give an article to one run, report it stored once committed, and are freed on release', async () => {
        const other = await h.connect();
        try {
          const [x, y] = ITEMS();
          expect(await store.claim(x.article.hash, 'run-a')).toBe('claimed');
          expect(await store.claim(x.article.hash, 'run-a')).toBe('claimed');
          expect(await other.claim(x.article.hash, 'run-b')).toBe('claimed-elsewhere');
          await store.putBatch([x]);
          expect(await other.claim(x.article.hash, 'run-b')).toBe('stored');
          expect(await store.claim(y.article.hash, 'run-a')).toBe('claimed');
          await store.releaseClaims('run-a');
          expect(await other.claim(y.article.hash, 'run-b')).toBe('claimed');
          expect(await store.claim(y.article.hash, 'run-c', (owner) => owner === 'run-b')).toBe('claimed');
        } finally {
          await other.close();
        }
      });
    });

    describe('provenance', () => {
      const ORIGINAL = inventedStory(1);
      const copyItems = () => [
        provItem({ id: 'orig', body: ORIGINAL, source: 'first.test', publishedAt: '2024-05-01', names: ['Lindenvik', 'Tamberg'] }),
        provItem({ id: 'farm', title: 'Story orig', body: `${ORIGINAL}\n\nADVERTISEMENT\n\nLeave a Reply`, source: 'farm.test', publishedAt: '2024-05-03', outlets: ['first.test'], names: ['Lindenvik'] }),
        provItem({ id: 'other', body: inventedStory(2), source: 'farm.test', publishedAt: '2024-05-02' }),
      ];

      it('clusters copies across sources at ingest, earliest by publication date, and leaves unrelated stories out', async () => {
        // The copy arrives first: the earliest member is still the one published first.
        const [orig, farm, other] = copyItems();
        await store.putBatch([farm, other]);
        await store.putBatch([orig]);
        const { total, clusters } = await store.clusters();
        expect(total).toBe(1);
        expect(clusters[0]).toMatchObject({
          size: 2, firstSeen: '2024-05-01', lastSeen: '2024-05-03', earliest: { id: 'orig', earliest: true, overlap: 1 },
          sources: [{ source: 'farm.test', count: 1 }, { source: 'first.test', count: 1 }], attributedTo: [{ outlet: 'first.test', count: 1 }],
        });
        const detail = (await store.cluster(clusters[0].id))!;
        expect(detail.members.map((m) => m.id)).toEqual(['orig', 'farm']);
        expect(detail.members[1]).toMatchObject({ earliest: false, attributedTo: ['first.test'], source: 'farm.test' });
        // Boilerplate is cut before shingling, so the ad-laden copy matches the original exactly.
        expect(detail.members[1].overlap).toBe(1);
        expect(detail.timeline).toEqual([{ day: '2024-05-01', count: 1 }, { day: '2024-05-03', count: 1 }]);
        expect(await store.provenanceOf('farm')).toMatchObject({ isCopy: true, cluster: { id: clusters[0].id }, copies: [{ id: 'orig', overlapWithThis: 1 }] });
        expect(await store.provenanceOf('orig')).toMatchObject({ isCopy: false, substitutions: [] });
        expect(await store.provenanceOf('other')).toEqual({ id: 'other', copies: [], isCopy: false, substitutions: [] });
        expect((await store.provenanceOf(orig.article.hash.slice(0, 10)))!.id).toBe('orig');
        expect(await store.provenanceOf('missing')).toBeUndefined();
        expect(await store.cluster('999999')).toBeUndefined();
        expect(await store.cluster('not-an-id')).toBeUndefined();
        expect(await store.checkConsistency()).toEqual([]);
      });

      it('reports the words a spun copy swapped, at their offsets in its raw text', async () => {
        const spun = swapWord(ORIGINAL, ' residents ', ' inhabitants ');
        const [orig] = copyItems();
        const copy = provItem({ id: 'spun', body: spun, source: 'spinner.test' });
        await store.putBatch([orig, copy]);
        const p = (await store.provenanceOf('spun'))!;
        expect(p.isCopy).toBe(true);
        expect(p.substitutions).toHaveLength(1);
        const [s] = p.substitutions;
        expect(s).toMatchObject({ kind: 'substitution', text: 'inhabitants', expected: 'residents' });
        expect(copy.article.raw.slice(s.start, s.end)).toBe('inhabitants');
        expect(s.reason).toContain('orig');
        // An undated copy is ordered by its ingest time: after the dated original.
        expect((await store.cluster(p.cluster!.id))!.members[0].id).toBe('orig');
      });

      it('clusters identical texts under different ids and titles; leaves a title-only text out of the index, saying why', async () => {
        await store.putBatch([
          provItem({ id: 'same-1', title: 'One headline', body: ORIGINAL }),
          provItem({ id: 'same-2', title: 'Another headline entirely', body: ORIGINAL }),
          provItem({ id: 'short', title: 'Only a title', body: '' }),
          provItem({ id: 'short-2', title: 'Only a title', body: 'and a line' }),
        ]);
        expect((await store.clusters()).clusters.map((c) => c.size)).toEqual([2]);
        expect((await store.provenanceOf('same-2'))!.copies.map((c) => c.id)).toEqual(['same-1']);
        const short = (await store.provenanceOf('short'))!;
        expect(short.cluster).toBeUndefined();
        expect(short.note).toMatch(/too short/);
        expect(await store.checkConsistency()).toEqual([]);
      });

      it('profiles sources: copy share, where they lift from, whom they name, which boilerplate they carry', async () => {
        await store.putBatch(copyItems());
        const farm = (await store.source('farm.test'))!;
        expect(farm).toMatchObject({
          source: 'farm.test', articles: 2, copies: 1, copyShare: 0.5, originals: 0,
          liftsFrom: [{ source: 'first.test', count: 1 }], attributesTo: [{ outlet: 'first.test', count: 1 }],
        });
        expect(farm.boilerplate.map((b) => b.rule).sort()).toEqual(['ad-markers', 'comment-form']);
        expect(farm.boilerplate[0]).toMatchObject({ articles: 1, share: 0.5 });
        expect(await store.source('first.test')).toMatchObject({ articles: 1, copies: 0, copyShare: 0, originals: 1, liftsFrom: [] });
        expect(await store.source('nobody.test')).toBeUndefined();
        const listed = await store.sources();
        expect(listed.total).toBe(2);
        expect(listed.sources.map((s) => s.source)).toEqual(['farm.test', 'first.test']);
        expect((await store.sources({ sort: 'articles', minArticles: 2 })).sources.map((s) => s.source)).toEqual(['farm.test']);
      });

      it('counts frequent entity names per language, following deletes', async () => {
        await store.putBatch(copyItems());
        const lang = (await store.get('orig'))!.language;
        expect(await store.frequentNames(lang)).toEqual([{ name: 'Lindenvik', count: 2 }, { name: 'Tamberg', count: 1 }]);
        expect(await store.frequentNames(lang, 1)).toEqual([{ name: 'Lindenvik', count: 2 }]);
        expect(await store.frequentNames('zz')).toEqual([]);
        await store.delete(['orig']);
        expect(await store.frequentNames(lang)).toEqual([{ name: 'Lindenvik', count: 1 }]);
      });

      it('deletes articles with everything about them and splits the clusters they held together', async () => {
        // a and c are each copies of b (a: its first 4 paragraphs, c: its last 4), but share too little with each other.
        const full = inventedStory(7, 18).split('\n\n');
        const story = (from: number, to: number) => full.slice(from, to).join('\n\n');
        await store.putBatch([
          provItem({ id: 'a', body: story(0, 4), publishedAt: '2024-01-01' }),
          provItem({ id: 'c', body: story(2, 6), publishedAt: '2024-01-03' }),
          provItem({ id: 'b', body: story(0, 6), publishedAt: '2024-01-02' }),
          ...copyItems(),
        ]);
        expect((await store.clusters()).clusters.map((c) => c.size)).toEqual([3, 2]);
        expect(await store.delete(['b', 'missing', 'b'])).toBe(1);
        expect(await store.get('b')).toBeUndefined();
        expect(await store.count()).toBe(5);
        expect((await store.search('Lindenvik')).hits.map((h) => h.id)).not.toContain('b');
        expect((await store.clusters()).clusters.map((c) => c.size)).toEqual([2]);
        expect((await store.provenanceOf('a'))!.cluster).toBeUndefined();
        expect(await store.checkConsistency()).toEqual([]);
        // Deleting the earliest member of the last cluster ends it; the copy stands alone.
        expect(await store.delete(['orig'])).toBe(1);
        expect((await store.clusters()).total).toBe(0);
        expect(await store.provenanceOf('farm')).toMatchObject({ isCopy: false, copies: [] });
        expect(await store.source('farm.test')).toMatchObject({ copies: 0, liftsFrom: [] });
        expect(await store.checkConsistency()).toEqual([]);
      });

      it('merges two clusters when an article bridges them, seen from another connection', async () => {
        const full = inventedStory(9, 18).split('\n\n');
        const story = (from: number, to: number) => full.slice(from, to).join('\n\n');
        await store.putBatch([provItem({ id: 'left', body: story(0, 4) }), provItem({ id: 'left-copy', body: story(0, 4) + '\n\nLeave a Reply' })]);
        await store.putBatch([provItem({ id: 'right', body: story(2, 6) }), provItem({ id: 'right-copy', body: story(2, 6) + '\n\nADVERTISEMENT' })]);
        expect((await store.clusters()).clusters.map((c) => c.size)).toEqual([2, 2]);
        await store.putBatch([provItem({ id: 'bridge', body: story(0, 6) })]);
        const other = await h.connect();
        try {
          const { clusters } = await other.clusters();
          expect(clusters.map((c) => c.size)).toEqual([5]);
          expect(clusters[0].earliest.id).toBe('left');
          expect(await other.checkConsistency()).toEqual([]);
        } finally {
          await other.close();
        }
      });
    });

    describe('consistency', () => {
      it('holds after batches, duplicates, renamed ids and reanalyses, seen from another connection', async () => {
        await store.putBatch(ITEMS());
        await store.putBatch([itemOf(SPECS[0], 'again'), itemOf({ ...SPECS[1], body: 'Another invented windmill text.' }, 'windmill')]);
        await store.putAnalysis('harbour', analysisOf(article(SPECS[0]), { ...SPECS[0], narratives: [] }));
        expect(await store.checkConsistency()).toEqual([]);
        const other = await h.connect();
        try {
          expect(await other.count()).toBe(5);
          expect(await other.checkConsistency()).toEqual([]);
          expect((await other.search('windmill')).hits).toHaveLength(2);
        } finally {
          await other.close();
        }
      });
    });
  });
}
