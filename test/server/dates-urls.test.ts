/** Dates and URLs through the API: checked by src/doc/metadata.ts in bodies (left out and reported) and in filters (400 naming the parameter). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { FilterError } from '../../src/store/queries.js';
import { fixtureServer } from './fixtures.js';

const TOKEN = 'example-token-for-date-tests';
const auth = { authorization: `Bearer ${TOKEN}` };
let deps: ServerDeps;
let app: ReturnType<typeof createApp>;
let close: () => void;

beforeAll(() => {
  ({ deps, app, close } = fixtureServer(TOKEN));
});

afterAll(() => close());

const postJson = (path: string, body: unknown) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });

interface IngestAnswer {
  inserted: number;
  ids: string[];
  problems: { item: string; error: string }[];
  warnings: { item: string; field: string; message: string }[];
}

describe('dates and URLs in ingest bodies', () => {
  it('an article with an unreadable or impossible date keeps its text, loses the date, and the answer names it', async () => {
    const text = (place: string) => `In this invented example, the ferry to ${place} left on time.`;
    const res = await postJson('/api/articles', {
      articles: [
        { id: 'date-good', title: 'Example: good date', text: text('Lindenvik'), publishedAt: '2024-02-29' },
        { id: 'date-words', title: 'Example: words', text: text('Tamberg'), publishedAt: 'not a date' },
        { id: 'date-feb-30', title: 'Example: February 30', text: text('Sundby'), publishedAt: '2026-02-30' },
        { id: 'date-rfc', title: 'Example: feed date', text: text('Kerrowdale'), publishedAt: 'Sun, 01 Mar 2026 08:00:00 GMT' },
      ],
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as IngestAnswer;
    expect(body.inserted).toBe(4);
    expect(body.problems).toEqual([]);
    expect(body.warnings).toEqual([
      { item: 'articles[1]', field: 'publishedAt', message: 'field "publishedAt" left out: "not a date" is not a date (use ISO 8601, e.g. 2026-03-01)' },
      { item: 'articles[2]', field: 'publishedAt', message: 'field "publishedAt" left out: "2026-02-30" is not a calendar date' },
    ]);
    const stored = async (id: string) => (await (await app.request(`/api/articles/${id}`)).json()) as { raw: string; publishedAt?: string };
    expect((await stored('date-good')).publishedAt).toBe('2024-02-29');
    const words = await stored('date-words');
    expect(words.publishedAt).toBeUndefined();
    expect(words.raw).toContain('the ferry to Tamberg left on time');
    expect((await stored('date-feb-30')).publishedAt).toBeUndefined();
    expect((await stored('date-rfc')).publishedAt).toBe('2026-03-01T08:00:00.000Z');
  });

  it('a URL other than http(s) is not stored as the article URL, and is reported', async () => {
    const res = await postJson('/api/articles', {
      articles: [
        { id: 'url-script', title: 'Example: script link', text: 'In this invented example, a link tried to run code.', url: 'javascript:alert(1)' },
        { id: 'url-file', title: 'Example: file link', text: 'In this invented example, a link pointed at a disk.', url: 'file:///etc/passwd' },
        { id: 'url-https', title: 'Example: web link', text: 'In this invented example, a link was fine.', url: 'https://example-news.test/a' },
      ],
    });
    const body = (await res.json()) as IngestAnswer;
    expect(body.inserted).toBe(3);
    expect(body.warnings.map((w) => [w.item, w.field])).toEqual([
      ['articles[0]', 'url'],
      ['articles[1]', 'url'],
    ]);
    expect(body.warnings[0].message).toBe('field "url" left out: URL scheme "javascript:" is not allowed (http or https only)');
    const urlOf = async (id: string) => ((await (await app.request(`/api/articles/${id}`)).json()) as { url?: string }).url;
    expect(await urlOf('url-script')).toBeUndefined();
    expect(await urlOf('url-file')).toBeUndefined();
    expect(await urlOf('url-https')).toBe('https://example-news.test/a');
  });

  it('a single article names itself "article"; /api/analyze reports the same way', async () => {
    const single = (await (await postJson('/api/articles', { title: 'Example: single', text: 'In this invented example, a bell rang twice.', publishedAt: '2026-13-45' })).json()) as IngestAnswer;
    expect(single.warnings).toEqual([{ item: 'article', field: 'publishedAt', message: 'field "publishedAt" left out: "2026-13-45" is not a calendar date' }]);

    const res = await postJson('/api/analyze', { title: 'Example: analysed', text: 'In this invented example, a kite flew.', publishedAt: 'yesterday', url: 'ftp://example.test/x' });
    expect(res.status).toBe(200);
    const analysed = (await res.json()) as { publishedAt?: string; url?: string; warnings: { field: string }[]; analysis: { article: { publishedAt?: string } } };
    expect(analysed.publishedAt).toBeUndefined();
    expect(analysed.url).toBeUndefined();
    expect(analysed.analysis.article.publishedAt).toBeUndefined();
    expect(analysed.warnings.map((w) => w.field)).toEqual(['url', 'publishedAt']);
    const clean = (await (await postJson('/api/analyze', { title: 'Example', text: 'In this invented example, all was well.' })).json()) as { warnings?: unknown };
    expect(clean.warnings).toBeUndefined();
  });

  it('an uploaded JSONL file reports a bad date by file and line', async () => {
    const lines = [
      JSON.stringify({ id: 'up-1', title: 'Example: first', text: 'In this invented example, the tide came in.', published_at: '2024-04-31' }),
      JSON.stringify({ id: 'up-2', title: 'Example: second', text: 'In this invented example, the tide went out.', published_at: '2024-04-30' }),
    ].join('\n');
    const form = new FormData();
    form.append('file', new File([lines], 'dated.jsonl'));
    const body = (await (await app.request('/api/articles', { method: 'POST', body: form, headers: auth })).json()) as IngestAnswer;
    expect(body.inserted).toBe(2);
    expect(body.warnings).toHaveLength(1);
    expect(body.warnings[0]).toMatchObject({ item: 'dated.jsonl:1', field: 'published_at' });
    expect(body.warnings[0].message).toContain('"2024-04-31" is not a calendar date');
  });
});

describe('date filters', () => {
  const errorOf = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, ...((await res.json()) as { error: string; field?: string }) };
  };

  it('a day that is not on the calendar is a 400 naming the parameter, on every filtered route', async () => {
    expect(await errorOf('/api/articles?from=2026-13-45')).toEqual({ status: 400, field: 'from', error: 'query field "from": "2026-13-45" is not a calendar date' });
    expect(await errorOf('/api/stats?to=2026-02-30')).toEqual({ status: 400, field: 'to', error: 'query field "to": "2026-02-30" is not a calendar date' });
    expect((await errorOf('/api/export?from=2023-02-29')).field).toBe('from');
    expect((await errorOf('/api/articles?from=03/01/2024')).error).toBe('query field "from": expected a date as YYYY-MM-DD');
  });

  it('real days, leap days included, filter as before', async () => {
    const res = await app.request('/api/articles?from=2024-02-29&to=2024-03-05');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(['fixture-harbour', 'date-good']);
  });

  it('the store refuses an impossible day too, for callers other than the API', async () => {
    await expect(deps.store.listArticles({ from: '2026-02-30' })).rejects.toThrow(FilterError);
    await expect(deps.store.stats({ to: '2026-13-45' })).rejects.toThrow(/calendar date/);
  });
});
