/** GET /api/review: the review queue; GET /api/review/agreement: how far annotators agree (issue 17). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { AgreementReportSchema, ReviewPageSchema } from '../../api-schema.js';
import { agreement } from '../../review/agreement.js';
import { reviewQueue } from '../../review/queue.js';
import type { Annotation } from '../../store/annotations.js';
import type { CorpusFilter } from '../../store/queries.js';
import type { ServerDeps } from '../deps.js';
import { errorResponses, jsonResponse } from '../openapi.js';
import { ReviewQuerySchema } from '../schemas.js';

const queueRoute = createRoute({
  method: 'get',
  path: '/api/review',
  summary: 'Articles no analyst has decided on, those a decision would teach the model most first; with progress',
  request: { query: ReviewQuerySchema },
  responses: { 200: jsonResponse(ReviewPageSchema, 'A page of the queue'), ...errorResponses(400) },
});

const agreementRoute = createRoute({
  method: 'get',
  path: '/api/review/agreement',
  summary: "Agreement between annotators: Cohen's kappa per pair, Krippendorff's alpha over all, overall and per task",
  responses: { 200: jsonResponse(AgreementReportSchema, 'Agreement') },
});

export function registerReviewRoutes(app: OpenAPIHono, deps: ServerDeps): void {
  app.openapi(queueRoute, async (c) => {
    const { limit, offset, ...rest } = c.req.valid('query');
    const filter: CorpusFilter = Object.fromEntries(Object.entries(rest).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, v.trim()]));
    return c.json(await reviewQueue(deps.store, filter, { limit, offset }), 200);
  });

  app.openapi(agreementRoute, async (c) => {
    const decisions: Annotation[] = [];
    for await (const a of deps.store.annotations.allAnnotations()) decisions.push(a);
    return c.json(agreement(decisions), 200);
  });
}
