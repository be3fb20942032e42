/** The provenance routes: their answers match the documented schemas, their query errors name the field, unknown ids are 404s, and the OpenAPI document lists them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleProvenanceSchema, ClusterDetailSchema, ClusterPageSchema, ErrorSchema, SourcePageSchema, SourceProfileSchema } from '../../src/api-schema.js';
import { createApp } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import type { ClusterListOptions, ProvenanceQueries, SourceListOptions } from '../../src/store/provenance.js';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { handMadeCluster, handMadeProvenance, handMadeSources, provenanceDatabase } from './provenance-fixtures.js';

/** What the stub store was asked, to check the query reaches it as validated. */
const asked: { clusters?: ClusterListOptions; sources?: SourceListOptions } = {};

/** The store's provenance answers replaced by hand-made ones, so the routes are tested apart from the clustering. */
const stubQueries: Omit<ProvenanceQueries, 'delete' | 'frequentNames'> = {
  clusters: async (o) => {
    asked.clusters = o;
    const { members, timeline, ...summary } = handMadeCluster();
    void members;
    void timeline;
    return { total: 1, clusters: [summary] };
  },
  cluster: async (id) => (id === 'c-ferry' ? handMadeCluster() : undefined),
  provenanceOf: async (id) => (id === 'ferry-copy-spun' ? handMadeProvenance(id, 'Example: Island ferry will go two times each day', { phrase: 'two times', expected: 'twice' }) : undefined),
  sources: async (o) => {
    asked.sources = o;
    return { total: 2, sources: handMadeSources() };
  },
  source: async (name) => handMadeSources().find((s) => s.source === name),
};

let app: ReturnType<typeof createApp>;
let close: () => void;

beforeAll(() => {
  const db = provenanceDatabase();
  const store = Object.assign(new SqliteEngine(db.path), stubQueries);
  const deps: ServerDeps = { store, analyze: () => Promise.reject(new Error('not used')), token: '', limits: DEFAULT_LIMITS, log: () => {} };
  app = createApp(deps);
  close = () => {
    store.close();
    db.cleanup();
  };
});

afterAll(() => close());

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('GET /api/clusters and /api/clusters/{id}', () => {
  it('answers a page of clusters with the defaults, and passes the validated query on', async () => {
    const { status, body } = await get('/api/clusters');
    expect(status).toBe(200);
    expect(ClusterPageSchema.parse(body).clusters[0].earliest.id).toBe('ferry-original');
    expect(asked.clusters).toEqual({ limit: 20, offset: 0, minSize: 2 });
    await get('/api/clusters?limit=5&offset=10&minSize=3');
    expect(asked.clusters).toEqual({ limit: 5, offset: 10, minSize: 3 });
  });

  it('refuses a bad query naming the field', async () => {
    const { status, body } = await get('/api/clusters?minSize=1');
    expect(status).toBe(400);
    expect(ErrorSchema.parse(body)).toEqual({ error: expect.stringContaining('must be at least 2 (smallest cluster size listed)'), field: 'minSize' });
    expect(((await get('/api/clusters?color=red')).body as { error: string }).error).toContain('"color"');
  });

  it('answers one cluster with its members and timeline, and 404 for an unknown one', async () => {
    const detail = ClusterDetailSchema.parse((await get('/api/clusters/c-ferry')).body);
    expect(detail.members.map((m) => m.id)).toEqual(['ferry-original', 'ferry-copy-farm', 'ferry-copy-spun']);
    expect(detail.timeline).toHaveLength(3);
    const missing = await get('/api/clusters/nope');
    expect(missing.status).toBe(404);
    expect(ErrorSchema.parse(missing.body)).toEqual({ error: 'no cluster with id "nope" (see GET /api/clusters)', field: 'id' });
  });
});

describe('GET /api/sources and /api/sources/{name}', () => {
  it('answers profiles, with the sort and minimum passed on', async () => {
    const { body } = await get('/api/sources?sort=articles&minArticles=2');
    expect(SourcePageSchema.parse(body).sources[0]).toMatchObject({ source: 'Daily Repost Hub', copyShare: 0.75 });
    expect(asked.sources).toEqual({ limit: 20, offset: 0, sort: 'articles', minArticles: 2 });
    const bad = await get('/api/sources?sort=size');
    expect(bad.status).toBe(400);
    expect((bad.body as { field?: string }).field).toBe('sort');
  });

  it('answers one source by its URL-encoded name, and 404 for an unknown one', async () => {
    const { status, body } = await get(`/api/sources/${encodeURIComponent('Daily Repost Hub')}`);
    expect(status).toBe(200);
    expect(SourceProfileSchema.parse(body).boilerplate[0].rule).toBe('ad-markers');
    const missing = await get('/api/sources/Nobody');
    expect(missing.status).toBe(404);
    expect((missing.body as { field?: string }).field).toBe('name');
    // A name with a slash or an ampersand, URL-encoded, reaches the store decoded.
    const slashed = await get(`/api/sources/${encodeURIComponent('News/Wire & Co')}`);
    expect((slashed.body as { error: string }).error).toBe('no source named "News/Wire & Co" (see GET /api/sources)');
  });
});

describe('GET /api/articles/{id}/provenance', () => {
  it("answers the article's cluster, copies and substitutions, and 404 for an unknown article", async () => {
    const p = ArticleProvenanceSchema.parse((await get('/api/articles/ferry-copy-spun/provenance')).body);
    expect(p.isCopy).toBe(true);
    expect(p.copies.map((m) => m.id)).toEqual(['ferry-original', 'ferry-copy-farm']);
    expect(p.substitutions[0]).toMatchObject({ kind: 'substitution', text: 'two times', expected: 'twice' });
    const missing = await get('/api/articles/nope/provenance');
    expect(missing.status).toBe(404);
    expect((missing.body as { field?: string }).field).toBe('id');
  });

  it('leaves GET /api/articles/{id} as it was', async () => {
    expect(((await get('/api/articles/ferry-original')).body as { id: string }).id).toBe('ferry-original');
  });
});

describe('the OpenAPI document', () => {
  it('lists the provenance routes with their parameters and named answer schemas', async () => {
    type Op = { parameters?: { name: string }[]; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> };
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, { get: Op }> };
    const ref = (path: string, status = '200') => doc.paths[path].get.responses[status].content?.['application/json'].schema.$ref;
    expect(ref('/api/clusters')).toBe('#/components/schemas/ClusterPage');
    expect(ref('/api/clusters/{id}')).toBe('#/components/schemas/ClusterDetail');
    expect(ref('/api/sources')).toBe('#/components/schemas/SourcePage');
    expect(ref('/api/sources/{name}')).toBe('#/components/schemas/SourceProfile');
    expect(ref('/api/articles/{id}/provenance')).toBe('#/components/schemas/ArticleProvenance');
    expect(ref('/api/clusters/{id}', '404')).toBe('#/components/schemas/Error');
    expect(doc.paths['/api/clusters'].get.parameters?.map((p) => p.name)).toEqual(['limit', 'offset', 'minSize']);
    expect(doc.paths['/api/sources'].get.parameters?.map((p) => p.name)).toEqual(['limit', 'offset', 'sort', 'minArticles']);
  });
});
