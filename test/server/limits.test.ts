/** The API's named limits (src/server/limits.ts) at each boundary: just under passes, just over is refused with the limit quoted. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import {
  DEFAULT_LIMITS,
  formatBytes,
  formatCount,
  MAX_ARTICLES_PER_REQUEST,
  MAX_OFFSET,
  MAX_PAGE_SIZE,
  MAX_TEXT_CHARS,
} from '../../src/server/limits.js';
import { FilterError } from '../../src/store/queries.js';
import { fixtureServer, inventedLongText } from './fixtures.js';

const TOKEN = 'example-token-for-limit-tests';
const auth = { authorization: `Bearer ${TOKEN}` };
let deps: ServerDeps;
let app: ReturnType<typeof createApp>;
let close: () => void;

// No annotators (fixtureServer): these tests are about sizes, and a million characters should not wait for the models.
beforeAll(() => {
  ({ deps, app, close } = fixtureServer(TOKEN));
});

afterAll(() => close());

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** A valid analyze body of exactly `bytes` bytes: a short article, then JSON whitespace. */
function paddedBody(bytes: number): string {
  const head = JSON.stringify({ title: 'Example: padded', text: 'In this invented example, the padding is whitespace.' });
  return head + ' '.repeat(bytes - head.length);
}

/** A multipart body of exactly `bytes` bytes whose file is a short invented article padded with spaces. */
function multipartBody(bytes: number): { body: string; headers: Record<string, string> } {
  const boundary = 'example-boundary-4821';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="padded.txt"\r\nContent-Type: text/plain\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const text = 'Example: an uploaded article\n\nIn this invented example, the ferry left on time.';
  return {
    body: head + text + ' '.repeat(bytes - head.length - text.length - tail.length) + tail,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function errorOf(res: Response): Promise<{ status: number; error: string; field?: string }> {
  const body = (await res.json()) as { error: string; field?: string };
  return { status: res.status, ...body };
}

describe('request-body limits', () => {
  it('a JSON body of exactly the limit is read; one byte more is a 413 quoting the limit', async () => {
    const at = paddedBody(DEFAULT_LIMITS.jsonBytes);
    expect(Buffer.byteLength(at)).toBe(2 * 1024 * 1024);
    expect((await post('/api/analyze', at)).status).toBe(200);
    const over = await errorOf(await post('/api/analyze', paddedBody(DEFAULT_LIMITS.jsonBytes + 1)));
    expect(over).toMatchObject({ status: 413, field: 'body' });
    expect(over.error).toContain('over the limit of 2 MiB (2,097,152 bytes) for a JSON body');
    const ingest = await errorOf(await post('/api/articles', paddedBody(DEFAULT_LIMITS.jsonBytes + 1), auth));
    expect(ingest.status).toBe(413);
    expect(ingest.error).toContain('2,097,152 bytes');
  });

  it('the size the client declares is quoted beside the limit', async () => {
    const body = paddedBody(3_000_000);
    const res = await errorOf(await post('/api/analyze', body, { 'content-length': String(body.length) }));
    expect(res.status).toBe(413);
    expect(res.error).toBe('request body is 3,000,000 bytes, over the limit of 2 MiB (2,097,152 bytes) for a JSON body');
  });

  it('an upload of exactly its limit is read; one byte more is a 413 quoting the upload limit', async () => {
    const small = createApp({ ...deps, limits: { jsonBytes: 4096, uploadBytes: 64 * 1024 } });
    const at = multipartBody(64 * 1024);
    expect(at.body.length).toBe(65_536);
    const ok = await small.request('/api/analyze', { method: 'POST', ...at });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { title: string }).title).toBe('Example: an uploaded article');
    // Larger than the JSON limit but within the upload limit: the upload limit is the one that applies.
    expect(at.body.length).toBeGreaterThan(4096);
    const over = await errorOf(await small.request('/api/analyze', { method: 'POST', ...multipartBody(64 * 1024 + 1) }));
    expect(over).toMatchObject({ status: 413, field: 'body' });
    expect(over.error).toContain('over the limit of 65,536 bytes for an upload');
  });
});

describe('article and request counts', () => {
  it(`a text of ${formatCount(MAX_TEXT_CHARS)} characters is analysed; one more is a 400 naming "text" and the limit`, async () => {
    const at = await post('/api/analyze', JSON.stringify({ title: 'Example: long', text: inventedLongText(MAX_TEXT_CHARS) }));
    expect(at.status).toBe(200);
    const over = await errorOf(await post('/api/analyze', JSON.stringify({ title: 'Example: long', text: inventedLongText(MAX_TEXT_CHARS + 1) })));
    expect(over).toEqual({
      status: 400,
      field: 'text',
      error: 'request body field "text": 1,000,001 characters, over the limit of 1,000,000',
    });
  });

  it('an uploaded article over the text limit is reported by file, not analysed', async () => {
    const roomy = createApp({ ...deps, limits: { jsonBytes: 4096, uploadBytes: 2 * 1024 * 1024 } });
    const upload = (raw: string) => {
      const form = new FormData();
      form.append('file', new File([raw], 'long.txt', { type: 'text/plain' }));
      return roomy.request('/api/analyze', { method: 'POST', body: form });
    };
    const title = 'Example: long upload\n\n';
    expect((await upload(title + inventedLongText(MAX_TEXT_CHARS - title.length))).status).toBe(200);
    const over = await errorOf(await upload(title + inventedLongText(MAX_TEXT_CHARS - title.length + 1)));
    expect(over.status).toBe(400);
    expect(over.error).toBe('long.txt: the article is 1,000,001 characters, over the limit of 1,000,000');
  });

  it(`${formatCount(MAX_ARTICLES_PER_REQUEST)} articles in one request are taken; one more is a 400 that says so`, async () => {
    const article = (i: number) => ({ title: `Example ${i}`, text: 'In this invented example, one more article arrived.' });
    const at = await post('/api/articles', JSON.stringify({ articles: Array.from({ length: MAX_ARTICLES_PER_REQUEST }, (_, i) => article(i)) }), auth);
    expect(at.status).toBe(201);
    expect(((await at.json()) as { inserted: number }).inserted).toBe(MAX_ARTICLES_PER_REQUEST);
    const over = await errorOf(
      await post('/api/articles', JSON.stringify({ articles: Array.from({ length: MAX_ARTICLES_PER_REQUEST + 1 }, (_, i) => article(i)) }), auth),
    );
    expect(over).toEqual({
      status: 400,
      field: 'articles',
      error: 'request body field "articles": 1,001 articles, over the limit of 1,000 per request',
    });
  });
});

describe('paging limits', () => {
  it(`offset ${formatCount(MAX_OFFSET)} is a (possibly empty) page; one more is a 400 naming the cap`, async () => {
    const at = await app.request(`/api/articles?offset=${MAX_OFFSET}`);
    expect(at.status).toBe(200);
    expect(((await at.json()) as { items: unknown[] }).items).toEqual([]);
    const over = await errorOf(await app.request(`/api/articles?offset=${MAX_OFFSET + 1}`));
    expect(over.status).toBe(400);
    expect(over.field).toBe('offset');
    expect(over.error).toMatch(/^query field "offset": 1000001 is over the limit of 1,000,000 \(the deepest page start/);
    // The store keeps the same cap for every caller, not only the API.
    await expect(deps.store.listArticles({}, { offset: MAX_OFFSET + 1 })).rejects.toThrow(FilterError);
  });

  it(`limit ${MAX_PAGE_SIZE} is a page; one more is a 400 naming the cap`, async () => {
    expect((await app.request(`/api/articles?limit=${MAX_PAGE_SIZE}`)).status).toBe(200);
    const over = await errorOf(await app.request(`/api/articles?limit=${MAX_PAGE_SIZE + 1}`));
    expect(over).toEqual({ status: 400, field: 'limit', error: 'query field "limit": 201 is over the limit of 200 (articles per page)' });
  });
});

describe('docs/api.md', () => {
  it('lists every limit with the number the server enforces', () => {
    const doc = readFileSync('docs/api.md', 'utf8');
    for (const quoted of [
      formatBytes(DEFAULT_LIMITS.jsonBytes),
      formatBytes(DEFAULT_LIMITS.uploadBytes),
      formatCount(MAX_TEXT_CHARS),
      formatCount(MAX_ARTICLES_PER_REQUEST),
      formatCount(MAX_OFFSET),
      String(MAX_PAGE_SIZE),
    ]) {
      expect(doc).toContain(quoted);
    }
  });
});
