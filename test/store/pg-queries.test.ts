/**
 * The PostgreSQL engine's corpus queries (src/store/pg/queries.ts) on a real server: the same answers as
 * the SQLite engine for every filter, exports walked through a cursor, and a statistics cache that
 * follows writes from another engine and recounts only the segment a write touched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import type { StorageEngine } from '../../src/store/engine.js';
import { openPostgresEngine } from '../../src/store/pg/engine.js';
import type { CorpusFilter, ExportRecord } from '../../src/store/queries.js';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import type { StoreItem } from '../../src/store/types.js';
import { dropDatabase, freshDatabase, pgForTests } from './pg-env.js';

const BLAME = 'URW: Blaming the war on others rather than the invader';
const POLICIES = 'CC: Criticism of climate policies';

interface Spec {
  id: string;
  text: string;
  source?: string;
  publishedAt?: string;
  narratives?: string[];
  techniques?: string[];
  entities?: { name: string; role: 'Protagonist' | 'Antagonist' | 'Innocent'; fine: string[] }[];
  genre?: string;
}

// Invented articles, written for these tests; two in Russian, so two text-search configurations are in use.
const SPECS: Spec[] = [
  {
    id: 'ferry', text: 'Ferry timetable blamed on distant bloc\n\nAn invented ferry operator in Lindenvik says the distant bloc caused every delay.',
    source: 'a.test', publishedAt: '2024-01-08', narratives: [BLAME], techniques: ['Loaded_Language'],
    entities: [{ name: 'Lindenvik', role: 'Innocent', fine: ['Victim'] }, { name: 'distant bloc', role: 'Antagonist', fine: ['Instigator'] }], genre: 'opinion',
  },
  {
    id: 'levy', text: 'Heat pump levy called a trap\n\nAn example columnist writes that the heat pump levy of Tamberg is a trap for families.',
    source: 'b.test', publishedAt: '2024-01-10', narratives: [POLICIES], techniques: ['Exaggeration-Minimisation', 'Loaded_Language'],
    entities: [{ name: 'Tamberg council', role: 'Antagonist', fine: ['Corrupt'] }], genre: 'opinion',
  },
  {
    id: 'orchard', text: 'Orchard gates repainted\n\nVolunteers in Port Amsel repainted three orchard gates on a quiet Tuesday.',
    source: 'a.test', publishedAt: '2024-02-20', genre: 'reporting',
  },
  {
    id: 'undated', text: 'Tram depot opens late\n\nThe example tram depot of Kerrowdale opened two hours late, the ferry operator said.',
    source: 'c.test', narratives: [BLAME], entities: [{ name: 'Lindenvik', role: 'Antagonist', fine: ['Deceiver'] }],
  },
  {
    id: 'gavan', text: 'Пекарня у гавани\n\nВ выдуманном городе Линденвик открыли новую пекарню рядом с гаванью, и жители довольны.',
    source: 'b.test', publishedAt: '2024-03-02', narratives: [POLICIES], techniques: ['Loaded_Language'], genre: 'reporting',
  },
  {
    id: 'most', text: 'Новый мост через реку\n\nВ выдуманном городе Тамберг построили мост, и паром больше не нужен, сказал инженер.',
    source: 'c.test', publishedAt: '2024-03-05', entities: [{ name: 'Тамберг', role: 'Protagonist', fine: ['Guardian'] }],
  },
];

function itemOf(spec: Spec, id = spec.id): StoreItem {
  const article = createArticle({
    raw: `${spec.text}\n`, id, origin: { path: `${id}.txt`, format: 'text' },
    ...(spec.source ? { source: spec.source } : {}),
    ...(spec.publishedAt ? { publishedAt: spec.publishedAt } : {}),
  });
  const analysis = analyzeArticle(article, { annotators: [] });
  if (spec.narratives) {
    const domain = spec.narratives[0].slice(0, spec.narratives[0].indexOf(':'));
    analysis.narratives = {
      status: 'ok', domain: { label: domain, score: 0.9 }, dominant: null, subNarratives: [],
      narratives: spec.narratives.map((label, i) => ({ label, score: 0.9 - i / 10, evidence: [] })),
    };
  }
  if (spec.techniques) analysis.techniques = { spans: [], summary: spec.techniques.map((technique, i) => ({ technique, count: 1, score: 0.8 - i / 10 })) };
  if (spec.entities) {
    analysis.entities = spec.entities.map((e) => ({
      name: e.name, mentions: [], mainRole: e.role, fineRoles: e.fine.map((role) => ({ role, score: 0.6 })), confidence: 0.8, evidence: [],
    }));
  }
  if (spec.genre) analysis.genre = { label: spec.genre, scores: { [spec.genre]: 0.8 } };
  analysis.models = [{ task: 'fixture', version: '1' }];
  return { article, analysis };
}

/** Small notes, for exports longer than one cursor read. */
const notes = (n: number, from = 0) =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return itemOf({ id: `note-${i}`, text: `Invented note ${i}\n\nA short invented note about lantern ${i % 5} in Sundby.`, narratives: i % 3 ? undefined : [BLAME] });
  });

async function collect<T>(walk: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of walk) out.push(x);
  return out;
}

const pgServer = await pgForTests();

describe.skipIf(!pgServer.available)('PostgreSQL corpus queries', () => {
  let url: string;
  let store: StorageEngine;
  const opened: StorageEngine[] = [];
  const open = async () => {
    const engine = await openPostgresEngine(url, { provenance: false });
    opened.push(engine);
    return engine;
  };

  beforeEach(async () => {
    url = await freshDatabase();
    store = await open();
  });
  afterEach(async () => {
    for (const e of opened.splice(0)) await e.close().catch(() => {});
    await dropDatabase(url);
  });

  describe('the same answers as the SQLite engine', () => {
    let dir: string;
    let sqlite: SqliteEngine;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'narrascope-pg-queries-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    beforeEach(async () => {
      sqlite = new SqliteEngine(join(dir, `${Math.random().toString(36).slice(2)}.db`));
      const items = SPECS.map((s) => itemOf(s));
      await sqlite.putBatch(items);
      await store.putBatch(items);
    });
    afterEach(async () => sqlite.close());

    const FILTERS: CorpusFilter[] = [
      {},
      { narrative: BLAME },
      { technique: 'Loaded_Language', source: 'b.test' },
      { domain: 'CC' },
      { genre: 'reporting' },
      { entity: 'Lindenvik' },
      { entity: 'Lindenvik', role: 'Antagonist' },
      { entity: 'Lindenvik', role: 'Victim' },
      { entity: 'distant bloc', role: 'Victim' },
      { role: 'Corrupt' },
      { role: 'Antagonist' },
      { language: 'ru' },
      { from: '2024-01-09', to: '2024-03-02' },
      { to: '2024-01-31' },
      { q: 'ferry' },
      { q: 'ferry', narrative: BLAME, source: 'a.test' },
      { q: 'гаванью' },
      { narrative: 'URW: No such narrative' },
    ];

    it('lists the same articles, newest first, with the same list fields', async () => {
      for (const filter of FILTERS) {
        const [want, got] = [await sqlite.listArticles(filter), await store.listArticles(filter)];
        const comparable = (page: typeof want) => ({
          total: page.total,
          // Search ranks differ between FTS5's bm25 and ts_rank; the set of hits does not.
          ids: filter.q ? page.items.map((i) => i.id).sort() : page.items.map((i) => i.id),
          items: page.items.map(({ snippet, ingestedAt, ...rest }) => ({ ...rest, snippet: snippet !== undefined })).sort((a, b) => a.id.localeCompare(b.id)),
        });
        expect(comparable(got), JSON.stringify(filter)).toEqual(comparable(want));
      }
    });

    it('counts the same statistics for every filter and time bucket', async () => {
      for (const filter of FILTERS) {
        for (const bucket of ['day', 'week', 'month'] as const) {
          expect(await store.stats(filter, { bucket }), `${JSON.stringify(filter)} by ${bucket}`).toEqual(await sqlite.stats(filter, { bucket }));
        }
      }
      expect(await store.stats({}, { top: 1, timelineSeries: 1 })).toEqual(await sqlite.stats({}, { top: 1, timelineSeries: 1 }));
    });

    it('exports the same records in ingest order', async () => {
      for (const filter of FILTERS) {
        const ids = (records: ExportRecord[]) => records.map((r) => r.id);
        expect(ids(await collect(store.exportRecords(filter))), JSON.stringify(filter)).toEqual(ids(await collect(sqlite.exportRecords(filter))));
      }
      expect(await collect(store.exportRecords({ language: 'ru' }))).toEqual(await collect(sqlite.exportRecords({ language: 'ru' })));
    });
  });

  it('matches search words in each article’s own language, with snippets between the private-use marks', async () => {
    await store.putBatch(SPECS.map((s) => itemOf(s)));
    // Russian stemming: the query's "гавань" finds the text's "гавани" and "гаванью".
    const page = await store.listArticles({ q: 'гавань' });
    expect(page).toMatchObject({ total: 1, search: { query: 'гавань', quoted: false } });
    expect(page.items[0].id).toBe('gavan');
    expect(page.items[0].snippet).toMatch(/\uE000гаван[а-я]*\uE001/);
    expect((await store.stats({ q: 'гавань' })).total).toBe(1);
    expect((await store.listArticles({ q: 'ferry operator' })).items.map((i) => i.id).sort()).toEqual(['ferry', 'undated']);
  });

  it('exports more rows than one cursor read, filtered and limited, and gives the connection back when a walk stops early', async () => {
    await store.putBatch(notes(700));
    const all = await collect(store.exportRecords({}));
    expect(all.map((r) => r.id)).toEqual(Array.from({ length: 700 }, (_, i) => `note-${i}`));
    expect(all[699]).toMatchObject({ title: 'Invented note 699', origin: { path: 'note-699.txt', format: 'text' } });
    expect(all[0].analysis.article.id).toBe('note-0');
    const blamed = await collect(store.exportRecords({ narrative: BLAME }, 210));
    expect(blamed).toHaveLength(210);
    expect(blamed.every((r, k) => r.id === `note-${k * 3}`)).toBe(true);
    // More early stops than the pool has connections: a leaked connection would make the last walk wait forever.
    for (let k = 0; k < 6; k++) {
      for await (const r of store.exportRecords({})) {
        expect(r.id).toBe('note-0');
        break;
      }
    }
    expect(await collect(store.exportRecords({ q: 'lantern' }, 5))).toHaveLength(5);
  });

  it('drops a connection that fails in the middle of an export, and answers the next request on another', async () => {
    await store.putBatch(notes(450));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const walk = store.exportRecords({})[Symbol.asyncIterator]();
      expect((await walk.next()).value?.id).toBe('note-0');
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      const rest = async () => {
        for (let r = await walk.next(); !r.done; r = await walk.next());
      };
      // The server's termination notice, or the socket reset when it is read first.
      await expect(rest()).rejects.toThrow(/terminat|ended|Connection|ECONNRESET/i);
    } finally {
      await admin.end();
    }
    expect((await store.stats({})).total).toBe(450);
    expect((await collect(store.exportRecords({}, 300))).length).toBe(300);
  });

  it('pages hits by rank (searching) or newest first, the same from per-segment first hits and from one query past them', async () => {
    await store.putBatch([itemOf({ id: 'titled', text: 'Lantern festival in Sundby\n\nAn invented lantern festival drew a crowd.' }), ...notes(1100)]);
    const first = await store.listArticles({ q: 'lantern' }, { limit: 3 });
    // The title word counts twice: the titled article ranks first; equal ranks follow ingest order.
    expect(first.items.map((i) => i.id)).toEqual(['titled', 'note-0', 'note-1']);
    expect(first.total).toBe(1101);
    expect((await store.listArticles({ q: 'lantern' }, { limit: 3, offset: 250 })).items.map((i) => i.id)).toEqual(['note-249', 'note-250', 'note-251']);
    // Past the cached depth (500), one query ranks every match: the same order.
    const deep = await store.listArticles({ q: 'lantern' }, { limit: 20, offset: 990 });
    expect(deep.total).toBe(1101);
    expect(deep.items.map((i) => i.id)).toEqual(Array.from({ length: 20 }, (_, k) => `note-${989 + k}`));
    const filtered = await store.listArticles({ q: 'lantern', narrative: BLAME }, { limit: 2, offset: 1 });
    expect(filtered).toMatchObject({ total: 367, items: [{ id: 'note-3' }, { id: 'note-6' }] });
    // Newest first (all undated: today, then latest ingested), on both paths too.
    expect((await store.listArticles({}, { limit: 2 })).items.map((i) => i.id)).toEqual(['note-1099', 'note-1098']);
    const older = await store.listArticles({}, { limit: 10, offset: 995 });
    expect(older.total).toBe(1101);
    expect(older.items.map((i) => i.id)).toEqual(Array.from({ length: 10 }, (_, k) => `note-${104 - k}`));
  });

  describe('statistics cache', () => {
    it('answers a repeated request from the cache, and concurrent ones with one computation, until a write', async () => {
      await store.putBatch(SPECS.map((s) => itemOf(s)));
      const first = await store.stats({});
      expect(await store.stats({})).toBe(first);
      const [x, y] = await Promise.all([store.stats({ genre: 'opinion' }), store.stats({ genre: 'opinion' })]);
      expect(x).toBe(y);
      await store.putBatch(notes(1));
      const after = await store.stats({});
      expect(after).not.toBe(first);
      expect(after.total).toBe(first.total + 1);
    });

    it('follows inserts, reanalyses and deletes made through another engine', async () => {
      await store.putBatch(SPECS.map((s) => itemOf(s)));
      // Ties are ordered by label: "CC: …" before "URW: …".
      expect((await store.stats({})).narratives).toEqual([{ label: POLICIES, count: 2 }, { label: BLAME, count: 2 }]);
      const other = await open();
      await other.putBatch(notes(3));
      expect((await store.stats({})).narratives).toEqual([{ label: BLAME, count: 3 }, { label: POLICIES, count: 2 }]);
      await other.putAnalysis('orchard', itemOf({ ...SPECS[2], narratives: [POLICIES] }).analysis);
      expect((await store.stats({})).narratives).toEqual([{ label: POLICIES, count: 3 }, { label: BLAME, count: 3 }]);
      expect((await store.stats({ narrative: POLICIES })).total).toBe(3);
      await other.delete(['ferry', 'levy']);
      const s = await store.stats({});
      expect(s.total).toBe(7);
      expect(s.narratives).toEqual([{ label: POLICIES, count: 2 }, { label: BLAME, count: 2 }]);
      expect((await store.listArticles({ narrative: BLAME })).total).toBe(2);
      expect(await store.checkConsistency()).toEqual([]);
    });

    it('counts a label whose dictionary id was committed after a larger one had been read', async () => {
      const late = 'URW: An invented late narrative';
      const early = 'URW: An invented early narrative';
      const writer = new pg.Client({ connectionString: url });
      await writer.connect();
      try {
        // Another writer takes a dictionary id and commits only later: the next id is committed first and read.
        await writer.query('BEGIN');
        await writer.query(`INSERT INTO label_keys (task, label) VALUES ('narrative', $1)`, [late]);
        await store.putBatch([itemOf({ id: 'early', text: 'Early story\n\nAn invented early story.', narratives: [early] })]);
        expect((await store.stats({})).narratives).toEqual([{ label: early, count: 1 }]);
        await writer.query('COMMIT');
      } finally {
        await writer.end();
      }
      await store.putBatch([itemOf({ id: 'late', text: 'Late story\n\nAn invented late story.', narratives: [late] })]);
      expect((await store.stats({})).narratives).toEqual([{ label: late, count: 1 }, { label: early, count: 1 }].sort((x, y) => (x.label < y.label ? -1 : 1)));
      expect((await store.listArticles({ narrative: late })).items.map((i) => i.id)).toEqual(['late']);
    });

    it('recounts only the segment of 2,048 articles a write touched', async () => {
      // Start numbering just below the first segment boundary, so a handful of articles spans two segments.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query('ALTER TABLE articles ALTER COLUMN seq RESTART WITH 2046');
        await store.putBatch(SPECS.slice(0, 4).map((s) => itemOf(s)));
        const seqs = (await admin.query<{ id: string; seq: string }>('SELECT id, seq FROM articles ORDER BY seq')).rows;
        expect(seqs.map((r) => Number(r.seq))).toEqual([2046, 2047, 2048, 2049]);
        expect((await store.stats({})).narratives).toEqual([{ label: BLAME, count: 2 }, { label: POLICIES, count: 1 }]);
        // Change a first-segment facet row behind the cache's back (its trigger off), then write to the second segment:
        // the first segment's tally is reused, so the statistics still count the unchanged row.
        await admin.query('ALTER TABLE article_facets DISABLE TRIGGER article_facets_bump');
        await admin.query(`UPDATE article_facets SET label_ids = '{}' WHERE article_id = 'ferry'`);
        await admin.query('ALTER TABLE article_facets ENABLE TRIGGER article_facets_bump');
        await store.putBatch(SPECS.slice(4).map((s) => itemOf(s)));
        const s = await store.stats({});
        expect(s.total).toBe(6);
        // Counted afresh, "ferry" would have no narrative: BLAME 1.
        expect(s.narratives).toEqual([{ label: POLICIES, count: 2 }, { label: BLAME, count: 2 }]);
        // The consistency check sees the row that no longer matches its labels.
        expect(await store.checkConsistency()).toContain('1 facet row(s) whose label ids differ from the article\'s labels');
      } finally {
        await admin.end();
      }
    });
  });
});
