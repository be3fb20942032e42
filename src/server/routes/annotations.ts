/** POST/GET /api/articles/{id}/annotations: analysts' decisions on an article's labels (issue 17); GET /api/taxonomy: the labels they may name. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { AnnotateResultSchema, ArticleAnnotationsSchema, TaxonomySchema, type TaxonomyBody } from '../../api-schema.js';
import { checkLabels, labelVocabulary } from '../../review/labels.js';
import { checkRequest } from '../../store/annotation-records.js';
import type { StoredArticle } from '../../store/types.js';
import { logWrite, requireRole, type Access } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, bracketed, issueToError } from '../errors.js';
import { BEARER, errorResponses, jsonResponse } from '../openapi.js';
import { jsonOnly, validJson } from '../request-body.js';
import { AnnotateRequestSchema } from '../schemas.js';
import { limitBody } from './shared.js';

const idParam = z.object({ id: z.string().describe('Id, hash, or a unique hash prefix (8+ characters)') });

function annotateRoute(deps: ServerDeps, access: Access) {
  return createRoute({
    method: 'post',
    path: '/api/articles/{id}/annotations',
    summary: "Store decisions on an article's labels (accept, reject, add); the token's name is their author",
    security: [{ [BEARER]: [] }],
    middleware: [requireRole(access, 'annotator', 'annotating'), limitBody(deps.limits), jsonOnly] as const,
    request: { params: idParam, body: { content: { 'application/json': { schema: AnnotateRequestSchema } } } },
    responses: {
      201: jsonResponse(AnnotateResultSchema, 'Stored; `conflicts` lists disagreements with other authors, which are kept'),
      ...errorResponses(400, 401, 403, 404, 409, 413, 415),
    },
  });
}

const annotationsRoute = createRoute({
  method: 'get',
  path: '/api/articles/{id}/annotations',
  summary: "An article's decisions, oldest first (superseded ones included, marked current: false), and its revision",
  request: { params: idParam },
  responses: { 200: jsonResponse(ArticleAnnotationsSchema, 'The decisions'), ...errorResponses(404) },
});

const taxonomyRoute = createRoute({
  method: 'get',
  path: '/api/taxonomy',
  summary: 'Every label a decision may name: the active narrative taxonomy with definitions, entity roles, techniques, genres, frames',
  responses: { 200: jsonResponse(TaxonomySchema, 'The labels') },
});

/** The stored article `id` names, or a 404 naming it. */
export async function storedArticle(deps: ServerDeps, id: string): Promise<StoredArticle> {
  const stored = await deps.store.get(id);
  if (!stored) throw new ApiError(404, `no article with id or hash "${id}"`, 'id');
  return stored;
}

/** The taxonomy answer of the current vocabulary (a file's path on the server is not shown). */
function taxonomyBody(): TaxonomyBody {
  const v = labelVocabulary();
  const { id, version, source, domains } = v.taxonomy;
  return { id, version, source: source.kind, domains, roles: v.roles, techniques: [...v.techniques], genres: [...v.genres], frames: [...v.frames] };
}

/** A body that failed the schema: a 400 naming the field as the store's checks do (`decisions[0].decision`). */
function refuseBody(error: z.ZodError): never {
  throw issueToError(error, 'request body', bracketed);
}

export function registerAnnotationRoutes(app: OpenAPIHono, deps: ServerDeps, access: Access): void {
  app.openapi(
    annotateRoute(deps, access),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = validJson(c, AnnotateRequestSchema);
      const stored = await storedArticle(deps, id);
      const request = { articleId: stored.id, author: c.get('caller').name, ...body };
      // The store checks shapes and spans too; its shape checks first, so a bad task is named before its label.
      checkRequest(request);
      checkLabels(body.decisions, stored.analysis);
      const result = await deps.store.annotations.annotate(request);
      await logWrite(c, access, 'annotate', stored.id);
      return c.json(result, 201);
    },
    (result) => (result.success ? undefined : refuseBody(result.error)),
  );

  app.openapi(annotationsRoute, async (c) => {
    const stored = await storedArticle(deps, c.req.valid('param').id);
    const found = await deps.store.annotations.annotationsOf(stored.id);
    if (!found) throw new ApiError(404, `no article with id or hash "${stored.id}"`, 'id');
    return c.json(found, 200);
  });

  app.openapi(taxonomyRoute, (c) => c.json(taxonomyBody(), 200));
}
