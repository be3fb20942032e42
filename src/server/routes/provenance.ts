/** GET /api/clusters, /api/clusters/{id}, /api/sources, /api/sources/{name} and /api/articles/{id}/provenance: the store's provenance answers (issue 14). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ArticleProvenanceSchema, ClusterDetailSchema, ClusterPageSchema, ErrorSchema, SourcePageSchema, SourceProfileSchema } from '../../api-schema.js';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { errorResponses, jsonResponse } from '../openapi.js';
import { ClusterListQuerySchema, SourceListQuerySchema } from '../schemas.js';

/** A 404 naming what was not found (the shared 404 text speaks of articles). */
const notFound = (what: string) => ({ 404: jsonResponse(ErrorSchema, `No such ${what}`) });

const clustersRoute = createRoute({
  method: 'get',
  path: '/api/clusters',
  summary: 'Near-duplicate clusters (copies of one text), largest first',
  request: { query: ClusterListQuerySchema },
  responses: { 200: jsonResponse(ClusterPageSchema, 'A page of clusters'), ...errorResponses(400) },
});

const clusterRoute = createRoute({
  method: 'get',
  path: '/api/clusters/{id}',
  summary: 'One cluster: its members (earliest first) with their overlap, and copies per day',
  request: { params: z.object({ id: z.string().max(200).describe('Cluster id, from GET /api/clusters') }) },
  responses: { 200: jsonResponse(ClusterDetailSchema, 'The cluster'), ...notFound('cluster') },
});

const sourcesRoute = createRoute({
  method: 'get',
  path: '/api/sources',
  summary: 'Source profiles: share of copies, sources lifted from, boilerplate fingerprint',
  request: { query: SourceListQuerySchema },
  responses: { 200: jsonResponse(SourcePageSchema, 'A page of source profiles'), ...errorResponses(400) },
});

const sourceRoute = createRoute({
  method: 'get',
  path: '/api/sources/{name}',
  summary: "One source's profile",
  request: { params: z.object({ name: z.string().max(200).describe('The source, as stored (URL-encoded)') }) },
  responses: { 200: jsonResponse(SourceProfileSchema, 'The profile'), ...notFound('source') },
});

const articleProvenanceRoute = createRoute({
  method: 'get',
  path: '/api/articles/{id}/provenance',
  summary: "One article's cluster, its copies with their overlap, and the words swapped against the earliest copy",
  request: { params: z.object({ id: z.string().describe('Id, hash, or a unique hash prefix (8+ characters)') }) },
  responses: { 200: jsonResponse(ArticleProvenanceSchema, 'Where the article stands'), ...errorResponses(404) },
});

export function registerProvenanceRoutes(app: OpenAPIHono, deps: ServerDeps): void {
  const store = deps.store;
  app.openapi(clustersRoute, async (c) => c.json(await store.clusters(c.req.valid('query')), 200));

  app.openapi(clusterRoute, async (c) => {
    const { id } = c.req.valid('param');
    const cluster = await store.cluster(id);
    if (!cluster) throw new ApiError(404, `no cluster with id "${id}" (see GET /api/clusters)`, 'id');
    return c.json(cluster, 200);
  });

  app.openapi(sourcesRoute, async (c) => c.json(await store.sources(c.req.valid('query')), 200));

  app.openapi(sourceRoute, async (c) => {
    const { name } = c.req.valid('param');
    const profile = await store.source(name);
    if (!profile) throw new ApiError(404, `no source named "${name}" (see GET /api/sources)`, 'name');
    return c.json(profile, 200);
  });

  app.openapi(articleProvenanceRoute, async (c) => {
    const { id } = c.req.valid('param');
    const found = await store.provenanceOf(id);
    if (!found) throw new ApiError(404, `no article with id or hash "${id}"`, 'id');
    return c.json(found, 200);
  });
}
