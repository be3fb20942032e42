/** The HTTP API in process (Hono's app.request): routes, filters, exports and every kind of bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { createApp } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { ApiError } from '../../src/server/errors.js';
import type { LogEntry } from '../../src/server/log.js';
import { ArticlePageSchema, statsSchema } from '../../src/api-schema.js';
import { AnalysisSchema } from '../../src/schema.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { TASKS } from '../../src/tasks/registry.js';
import { fixtureDatabase, NARRATIVE_LABELS } from './fixtures.js';

const StatsSchema = statsSchema(TASKS);

const TOKEN = 'example-token-for-tests';
let db: ReturnType<typeof fixtureDatabase>;
let deps: ServerDeps;
let app: ReturnType<typeof createApp>;
const logs: LogEntry[] = [];

function makeApp(overrides: Partial<ServerDeps> = {}) {
  return createApp({ ...deps, ...overrides });
}

beforeAll(() => {
  db = fixtureDatabase();
  const store = new SqliteStore(db.path);
  deps = {
    store: new SqliteEngine(store),
    analyze: (article, o) => analyzeArticle(article, o),
    token: TOKEN,
    limits: { jsonBytes: 64 * 1024, uploadBytes: 64 * 1024 },
    log: (e) => logs.push(e),
  };
  app = makeApp();
});

afterAll(() => {
  deps.store.close();
  db.cleanup();
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const auth = { authorization: `Bearer ${TOKEN}` };

describe('reading the corpus', () => {
  it('lists articles newest first with their top labels', async () => {
    const res = await app.request('/api/articles');
    expect(res.status).toBe(200);
    const page = ArticlePageSchema.parse(await res.json());
    expect(page.total).toBe(4);
    expect(page.items.map((i) => i.id)).toEqual(['fixture-hostile', 'fixture-bakery', 'fixture-windmill', 'fixture-harbour']);
    const harbour = page.items.find((i) => i.id === 'fixture-harbour')!;
    expect(harbour.domain).toBe('URW');
    expect(harbour.narratives[0]).toEqual({ label: NARRATIVE_LABELS.BLAME, score: 0.91 });
    expect(harbour.techniques.map((t) => t.label)).toEqual(['Name_Calling-Labeling', 'Loaded_Language']);
    expect(harbour.url).toBe('https://example-harbour-news.test/2024/harbour');
  });

  it('filters by narrative, technique, entity with role, language, source and dates, and paginates', async () => {
    const ids = async (query: string) => {
      const res = await app.request(`/api/articles?${query}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id).sort();
    };
    expect(await ids(`narrative=${encodeURIComponent(NARRATIVE_LABELS.BLAME)}`)).toEqual(['fixture-harbour', 'fixture-hostile']);
    expect(await ids('technique=Appeal_to_Popularity')).toEqual(['fixture-windmill']);
    expect(await ids('entity=distant%20bloc&role=Antagonist')).toEqual(['fixture-harbour', 'fixture-hostile']);
    expect(await ids('entity=distant%20bloc&role=Innocent')).toEqual([]);
    expect(await ids('entity=Port%20Amsel&role=Victim')).toEqual(['fixture-harbour']);
    expect(await ids('role=Corrupt')).toEqual(['fixture-windmill']);
    expect(await ids('source=example-blog.test')).toEqual(['fixture-hostile', 'fixture-windmill']);
    expect(await ids('from=2024-03-10&to=2024-03-20')).toEqual(['fixture-bakery', 'fixture-windmill']);
    expect(await ids('language=xx')).toEqual([]);
    expect(await ids(`subNarrative=${encodeURIComponent(`${NARRATIVE_LABELS.CLIMATE_POLICIES}: Climate policies are only for profit`)}`)).toEqual([
      'fixture-windmill',
    ]);
    const page = (await (await app.request('/api/articles?limit=2&offset=2')).json()) as { total: number; items: { id: string }[] };
    expect(page.total).toBe(4);
    expect(page.items.map((i) => i.id)).toEqual(['fixture-windmill', 'fixture-harbour']);
  });

  it('searches the full text with snippets, and quotes a query that is not valid search syntax', async () => {
    const page = ArticlePageSchema.parse(await (await app.request('/api/articles?q=bakery')).json());
    expect(page.items.map((i) => i.id)).toEqual(['fixture-bakery']);
    expect(page.items[0].snippet).toContain('\uE000');
    const odd = await app.request(`/api/articles?q=${encodeURIComponent('levy"(')}`);
    expect(odd.status).toBe(200);
    const body = ArticlePageSchema.parse(await odd.json());
    expect(body.search?.quoted).toBe(true);
  });

  it('returns one article with its raw text and analysis; an unknown id is a 404 naming it', async () => {
    const res = await app.request('/api/articles/fixture-harbour');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { raw: string; stored: boolean; analysis: unknown };
    expect(body.stored).toBe(true);
    expect(body.raw.startsWith('Example: Harbour town')).toBe(true);
    expect(AnalysisSchema.parse(body.analysis).techniques?.spans).toHaveLength(2);

    const missing = await app.request('/api/articles/no-such-article');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no article with id or hash "no-such-article"', field: 'id' });
  });

  it('counts by narrative, technique, role, entity, source and over time', async () => {
    const res = await app.request('/api/stats?bucket=week');
    const stats = StatsSchema.parse(await res.json());
    expect(stats.total).toBe(4);
    expect(stats.narratives[0]).toEqual({ label: NARRATIVE_LABELS.BLAME, count: 2 });
    expect(stats.techniques.find((t) => t.label === 'Loaded_Language')?.count).toBe(2);
    expect(stats.mainRoles.find((r) => r.label === 'Antagonist')?.count).toBe(3);
    expect(stats.entitiesByRole.find((r) => r.role === 'Antagonist')?.entities[0]).toEqual({ label: 'distant bloc', count: 2 });
    expect(stats.sources).toEqual([
      { label: 'example-blog.test', count: 2 },
      { label: 'example-harbour-news.test', count: 2 },
    ]);
    // Mondays from the week of 4 March to the week of 25 March 2024, gaps filled with zeros.
    expect(stats.timeline.periods).toEqual(['2024-03-04', '2024-03-11', '2024-03-18', '2024-03-25']);
    expect(stats.timeline.total).toEqual([1, 1, 1, 1]);
    expect(stats.timeline.narratives.find((s) => s.label === NARRATIVE_LABELS.BLAME)?.counts).toEqual([1, 0, 0, 1]);

    const filtered = StatsSchema.parse(await (await app.request('/api/stats?source=example-blog.test&bucket=month')).json());
    expect(filtered.total).toBe(2);
    expect(filtered.timeline.periods).toEqual(['2024-03']);
    expect(filtered.narratives.map((n) => n.label).sort()).toEqual([NARRATIVE_LABELS.BLAME, NARRATIVE_LABELS.CLIMATE_POLICIES].sort());
  });

  it('exports the filtered set as JSONL, CSV and SemEval lines', async () => {
    const jsonl = await app.request('/api/export?format=jsonl&source=example-blog.test');
    expect(jsonl.headers.get('content-type')).toContain('ndjson');
    const lines = (await jsonl.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['fixture-windmill', 'fixture-hostile']);
    expect(lines[0].text).toContain('windmill levy');

    const csv = await (await app.request('/api/export?format=csv&technique=Appeal_to_Popularity')).text();
    const rows = csv.trim().split('\n');
    expect(rows[0].split(',').slice(0, 3)).toEqual(['id', 'title', 'source']);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('Appeal_to_Popularity (1)');

    const st2 = await (await app.request('/api/export?format=semeval-subtask2')).text();
    expect(st2.split('\n')).toContain(`fixture-windmill\t${NARRATIVE_LABELS.CLIMATE_POLICIES}\t${NARRATIVE_LABELS.CLIMATE_POLICIES}: Climate policies are only for profit`);
    expect(st2).toContain('fixture-bakery\tOther\tOther');

    const st1 = (await (await app.request('/api/export?format=semeval-subtask1&entity=Port%20Amsel')).text()).trim().split('\n');
    expect(st1).toHaveLength(2); // both entities of the one article that names Port Amsel
    const cols = st1.find((l) => l.includes('Port Amsel'))!.split('\t');
    expect(cols.slice(0, 2)).toEqual(['fixture-harbour', 'Port Amsel']);
    expect(cols.slice(4)).toEqual(['Innocent', 'Victim']);
    const raw = ((await (await app.request('/api/articles/fixture-harbour')).json()) as { raw: string }).raw;
    expect(raw.slice(Number(cols[2]), Number(cols[3]) + 1)).toBe('Port Amsel');

    const spans = (await (await app.request('/api/export?format=semeval-spans&technique=Name_Calling-Labeling')).text()).trim().split('\n');
    expect(spans).toHaveLength(2); // every span of the one article that uses the technique
    const [, technique, start, end] = spans.find((l) => l.includes('Name_Calling'))!.split('\t');
    expect(technique).toBe('Name_Calling-Labeling');
    expect(raw.slice(Number(start), Number(end))).toBe('shameful cowards');
  });

  it('serves an OpenAPI document that describes every route', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/analyze', '/api/articles', '/api/articles/{id}', '/api/articles/{id}/annotations', '/api/articles/{id}/provenance', '/api/clusters', '/api/clusters/{id}', '/api/export', '/api/health', '/api/jobs', '/api/review', '/api/review/agreement', '/api/sources', '/api/sources/{name}', '/api/stats', '/api/tasks', '/api/taxonomy', '/api/tokens', '/api/tokens/{name}', '/api/whoami']);
    expect(JSON.stringify(doc)).toContain('"subNarrative"');
  });
});

describe('analysing and storing', () => {
  it('analyses a posted article without storing it', async () => {
    const before = await deps.store.count();
    const res = await app.request('/api/analyze', json({ title: 'Example: a quiet market day', text: 'In this invented example, the market in Kerrowdale opened at nine.' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { stored: boolean; raw: string; analysis: unknown };
    expect(body.stored).toBe(false);
    expect(body.raw).toBe('Example: a quiet market day\n\nIn this invented example, the market in Kerrowdale opened at nine.');
    expect(AnalysisSchema.parse(body.analysis).article.title).toBe('Example: a quiet market day');
    expect(await deps.store.count()).toBe(before);
  });

  it('analyses an uploaded file', async () => {
    const form = new FormData();
    form.append('file', new File(['Example: uploaded title\n\nIn this invented example, a ferry left on time.\n'], 'upload.txt', { type: 'text/plain' }));
    const res = await app.request('/api/analyze', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { title: string; origin: { path: string } };
    expect(body.title).toBe('Example: uploaded title');
    expect(body.origin.path).toBe('upload.txt');
  });

  it('stores posted articles with the token, idempotently', async () => {
    const totalBefore = ((await (await app.request('/api/stats')).json()) as { total: number }).total;
    const article = { id: 'posted-1', title: 'Example: posted article', text: 'In this invented example, a tram line reopened in Tamberg.', source: 'example-posted.test', publishedAt: '2024-04-02' };
    const first = await app.request('/api/articles', json(article, auth));
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ inserted: 1, duplicates: 0, ids: ['posted-1'], problems: [], warnings: [] });
    const again = await app.request('/api/articles', json({ articles: [article] }, auth));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { duplicates: number }).duplicates).toBe(1);
    // Statistics are cached, but a write from the store's connection invalidates them.
    expect(((await (await app.request('/api/stats')).json()) as { total: number }).total).toBe(totalBefore + 1);
    const got = await app.request('/api/articles/posted-1');
    expect(((await got.json()) as { source: string }).source).toBe('example-posted.test');
  });

  it('a batch cut short by a full analysis queue stores what was analysed and names the rest', async () => {
    let calls = 0;
    const busyAfterOne = makeApp({
      analyze: (article, o) => {
        if (++calls > 1) throw new ApiError(503, 'the server is busy: 64 analyses are waiting for 2 worker thread(s); retry in 3 s', undefined, { 'retry-after': '3' });
        return analyzeArticle(article, o);
      },
    });
    const articles = ['quay', 'mill', 'lock'].map((place) => ({ id: `busy-${place}`, title: `Example: the ${place}`, text: `In this invented example, the ${place} was repaired.` }));
    const res = await busyAfterOne.request('/api/articles', json({ articles }, auth));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { inserted: number; ids: string[]; problems: { item: string; error: string }[] };
    expect(body.ids).toEqual(['busy-quay']);
    expect(body.problems.map((p) => p.item)).toEqual(['articles[1]', 'articles[2]']);
    expect(body.problems[0].error).toMatch(/^not analysed: the server is busy: .*; send it again \(stored articles are skipped\)$/);

    // Busy from the first article on: the whole request is the 503, with its Retry-After.
    calls = 1;
    const refused = await busyAfterOne.request('/api/articles', json({ articles: articles.slice(1) }, auth));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('3');
  });

  it('stores the articles of an uploaded JSONL file and names the bad lines', async () => {
    const lines = [
      JSON.stringify({ id: 'jsonl-1', title: 'Example: first record', text: 'In this invented example, the library opened late.' }),
      '{not json',
      JSON.stringify({ id: 'jsonl-2', title: 'Example: second record', text: 'In this invented example, the bridge was painted.' }),
    ].join('\n');
    const form = new FormData();
    form.append('file', new File([lines], 'batch.jsonl'));
    const res = await app.request('/api/articles', { method: 'POST', body: form, headers: auth });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { inserted: number; problems: { item: string; error: string }[] };
    expect(body.inserted).toBe(2);
    expect(body.problems).toHaveLength(1);
    expect(body.problems[0].error).toMatch(/^batch\.jsonl:2: /);
  });
});

describe('bad input: a 4xx JSON answer naming the problem', () => {
  const expectError = async (res: Response, status: number, pattern: RegExp, field?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { error: string; field?: string };
    expect(body.error).toMatch(pattern);
    if (field) expect(body.field).toBe(field);
  };

  it('malformed JSON', async () => {
    await expectError(await app.request('/api/analyze', json('{"title": "x", "text": ')), 400, /not valid JSON/);
  });

  it('a wrong field type, a missing field, an unknown field', async () => {
    await expectError(await app.request('/api/analyze', json({ title: 'x', text: 42 })), 400, /field "text": expected string, received number/, 'text');
    await expectError(await app.request('/api/analyze', json({ title: 'x' })), 400, /field "text"/, 'text');
    await expectError(await app.request('/api/analyze', json({ text: 'x', colour: 'red' })), 400, /colour/);
    await expectError(await app.request('/api/analyze', json({ text: '   ' })), 400, /field "text": must not be empty/, 'text');
  });

  it('a wrong content type', async () => {
    await expectError(await app.request('/api/analyze', { method: 'POST', body: 'text', headers: { 'content-type': 'text/plain' } }), 415, /application\/json/);
  });

  it('an oversized body', async () => {
    const big = JSON.stringify({ title: 'x', text: 'a'.repeat(200 * 1024) });
    await expectError(await app.request('/api/analyze', json(big)), 413, /over the limit of 65,536 bytes for a JSON body/, 'body');
    await expectError(await app.request('/api/articles', json(big, auth)), 413, /over the limit of 65,536 bytes for a JSON body/, 'body');
  });

  it('bad query parameters', async () => {
    await expectError(await app.request('/api/articles?limit=abc'), 400, /field "limit"/, 'limit');
    await expectError(await app.request('/api/articles?limit=100000'), 400, /field "limit"/, 'limit');
    await expectError(await app.request('/api/articles?from=March'), 400, /field "from": expected a date as YYYY-MM-DD/, 'from');
    await expectError(await app.request('/api/stats?bucket=year'), 400, /field "bucket"/, 'bucket');
    await expectError(await app.request('/api/export?format=xml'), 400, /field "format"/, 'format');
    await expectError(await app.request('/api/articles?sort=title'), 400, /sort/);
  });

  it('a missing or wrong token, and writes disabled when no token is set', async () => {
    const article = { title: 'Example', text: 'In this invented example, nothing happened.' };
    await expectError(await app.request('/api/articles', json(article)), 401, /missing header "Authorization: Bearer/, 'authorization');
    await expectError(await app.request('/api/articles', json(article, { authorization: 'Bearer wrong' })), 403, /not a token of this server \(unknown or revoked\)/, 'authorization');
    await expectError(await app.request('/api/articles', json(article, { authorization: TOKEN })), 401, /must be "Bearer <token>"/);
    const readOnly = makeApp({ token: undefined });
    await expectError(await readOnly.request('/api/articles', json(article, auth)), 403, /writes are disabled.*NARRASCOPE_TOKEN/);
  });

  it('an upload without a file, an unsupported file, an unknown route', async () => {
    const form = new FormData();
    form.append('other', 'x');
    await expectError(await app.request('/api/analyze', { method: 'POST', body: form }), 400, /"file" is missing/, 'file');
    const bin = new FormData();
    bin.append('file', new File([new Uint8Array([0, 1, 2, 3])], 'image.png'));
    await expectError(await app.request('/api/analyze', { method: 'POST', body: bin }), 400, /image\.png: unsupported file type/, 'file');
    await expectError(await app.request('/api/nothing-here'), 404, /no route GET \/api\/nothing-here/);
  });

  it('a failing analysis is a logged 500 and the app keeps answering', async () => {
    const broken = makeApp({
      analyze: () => {
        throw new Error('model exploded');
      },
    });
    await expectError(await broken.request('/api/analyze', json({ text: 'In this invented example, a clock stopped.' })), 500, /internal error/);
    expect(logs.some((l) => l.level === 'error' && String(l.error).includes('model exploded'))).toBe(true);
    expect((await broken.request('/api/health')).status).toBe(200);
  });

  it('every response carries a strict Content-Security-Policy', async () => {
    const res = await app.request('/api/health');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
