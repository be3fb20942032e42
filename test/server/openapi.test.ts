/** The OpenAPI document the route definitions generate: valid OpenAPI 3.1, every route with its parameters, bodies and answers, and answers that match it. */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleDetailSchema, ErrorSchema, HealthSchema, TaskListSchema } from '../../src/api-schema.js';
import type { createApp } from '../../src/server/app.js';
import { filterKeys } from '../../src/server/schemas.js';
import { TASKS } from '../../src/tasks/registry.js';
import { fixtureServer } from './fixtures.js';

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { required?: boolean; content: Record<string, unknown> };
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: { $ref?: string } }> }>;
  security?: Record<string, string[]>[];
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

let app: ReturnType<typeof createApp>;
let close: () => void;
let doc: Doc;

beforeAll(async () => {
  ({ app, close } = fixtureServer('example-openapi-token'));
  doc = (await (await app.request('/api/openapi.json')).json()) as Doc;
});

afterAll(() => close());

const op = (path: string, method: string) => doc.paths[path][method];
const statuses = (o: Operation) => Object.keys(o.responses).sort();
const ref = (o: Operation, status: string) => o.responses[status].content?.['application/json'].schema.$ref;

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('lists every route with its query parameters, generated from the tasks', () => {
    const names = (o: Operation) => (o.parameters ?? []).map((p) => p.name);
    const filters = filterKeys(TASKS);
    expect(names(op('/api/articles', 'get'))).toEqual([...filters, 'limit', 'offset']);
    expect(names(op('/api/stats', 'get'))).toEqual([...filters, 'bucket', 'top']);
    expect(names(op('/api/export', 'get'))).toEqual([...filters, 'format', 'limit']);
    expect(op('/api/articles/{id}', 'get').parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
  });

  it('gives the bodies, their media types, the answers and the bearer scheme of the writes', () => {
    for (const path of ['/api/analyze', '/api/articles']) {
      const body = op(path, 'post').requestBody!;
      expect(body.required).toBe(true);
      expect(Object.keys(body.content).sort()).toEqual(['application/json', 'multipart/form-data']);
    }
    expect(statuses(op('/api/analyze', 'post'))).toEqual(['200', '400', '413', '415', '503']);
    expect(statuses(op('/api/articles', 'post'))).toEqual(['200', '201', '400', '401', '403', '413', '415', '503']);
    expect(op('/api/articles', 'post').security).toEqual([{ bearer: [] }]);
    expect(op('/api/analyze', 'post').security).toBeUndefined();
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    for (const path of ['/api/analyze', '/api/articles']) expect(Object.keys(op(path, 'post').responses['503'].headers ?? {})).toEqual(['Retry-After']);
    for (const path of ['/api/articles', '/api/stats', '/api/export', '/api/clusters', '/api/sources']) expect(statuses(op(path, 'get'))).toEqual(['200', '400']);
    for (const path of ['/api/clusters/{id}', '/api/sources/{name}', '/api/articles/{id}/provenance']) expect(statuses(op(path, 'get'))).toEqual(['200', '404']);
    expect(ref(op('/api/articles/{id}', 'get'), '200')).toBe('#/components/schemas/ArticleDetail');
    expect(ref(op('/api/articles/{id}', 'get'), '404')).toBe('#/components/schemas/Error');
    expect(ref(op('/api/health', 'get'), '200')).toBe('#/components/schemas/Health');
  });

  it('does not list itself or the dashboard', () => {
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/') || p === '/api/openapi.json')).toEqual([]);
  });
});

describe('answers match their documented schemas', () => {
  it('health, tasks, an article and an error', async () => {
    expect(HealthSchema.parse(await (await app.request('/api/health')).json())).toEqual({ ok: true, articles: 4, writes: 'enabled' });
    expect(TaskListSchema.parse(await (await app.request('/api/tasks')).json()).tasks.map((t) => t.id)).toEqual(TASKS.map((t) => t.id));
    expect(ArticleDetailSchema.parse(await (await app.request('/api/articles/fixture-harbour')).json()).stored).toBe(true);
    expect(ErrorSchema.parse(await (await app.request('/api/articles?limit=0')).json())).toEqual({
      error: 'query field "limit": must be at least 1 (articles per page)',
      field: 'limit',
    });
  });

  it('a repeated query parameter is a 400 naming it, not a silently dropped value', async () => {
    const res = await app.request('/api/articles?source=a.test&source=b.test');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe('source');
  });

  it('an ingest body is validated against the one shape it claims, so the error names its field', async () => {
    const ingest = (body: unknown) =>
      app.request('/api/articles', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer example-openapi-token' }, body: JSON.stringify(body) });
    expect(await (await ingest({ articles: [{ title: 'Example', text: 42 }] })).json()).toEqual({
      error: 'request body field "articles.0.text": expected string, received number',
      field: 'articles.0.text',
    });
    expect(await (await ingest({ title: 'Example', text: 'In this invented example, a gate opened.', colour: 'red' })).json()).toEqual({
      error: 'request body: Unrecognized key: "colour"',
    });
    expect(((await (await ingest({ articles: [] })).json()) as { field: string }).field).toBe('articles');
  });

  it('a body in a media type no route takes is a 415 in the usual error shape', async () => {
    const res = await app.request('/api/analyze', { method: 'POST', body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(ErrorSchema.parse(await res.json()).error).toMatch(/expected Content-Type: application\/json/);
  });
});
