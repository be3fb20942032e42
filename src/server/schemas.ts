/**
 * Request schemas of the HTTP API (zod), the query schemas generated from the tasks' facets, and the
 * task list: the route definitions validate requests with them and the OpenAPI document is written
 * from them. The response shapes are src/api-schema.ts's.
 */
import { z } from 'zod';
import { TimeBucketSchema, type TaskList } from '../api-schema.js';
import { parsePublishedDate } from '../doc/metadata.js';
import { EXPORT_FORMATS } from '../export/formats.js';
import { DECISIONS, ROLES } from '../store/annotations.js';
import { TASKS } from '../tasks/registry.js';
import { MIN_BATCH_ARTICLES, PRIORS_MODES } from '../tasks/shift.js';
import { filterFacets, taskTitle, type AnyTask } from '../tasks/task.js';
import { formatCount, MAX_ANALYZE_ARTICLES, MAX_ARTICLES_PER_REQUEST, MAX_EXPORT_RECORDS, MAX_OFFSET, MAX_PAGE_SIZE, MAX_STATS_TOP, MAX_TEXT_CHARS } from './limits.js';

/** A day filter: YYYY-MM-DD naming a real calendar day (`2026-02-30` is refused). */
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD', abort: true })
  .refine((v) => parsePublishedDate(v).ok, { error: (iss) => `"${String(iss.input)}" is not a calendar date` });

/** An integer query parameter from `min` to `max`, whose errors quote the bounds. */
function intParam(min: number, max: number, what: string) {
  return z.coerce
    .number({ error: `expected an integer (${what})` })
    .int({ error: `expected an integer (${what})` })
    .min(min, { error: `must be at least ${formatCount(min)} (${what})` })
    .max(max, { error: (iss) => `${String(iss.input)} is over the limit of ${formatCount(max)} (${what})` });
}

/** An article's text: not blank, at most MAX_TEXT_CHARS characters. */
const articleText = z
  .string()
  .max(MAX_TEXT_CHARS, { error: (iss) => `${formatCount(String(iss.input).length)} characters, over the limit of ${formatCount(MAX_TEXT_CHARS)}` })
  .refine((t) => t.trim() !== '', 'must not be empty');

export const AnalyzeRequestSchema = z.strictObject({
  title: z.string().max(2000).default('').describe('Headline; when empty, the first line of `text` is the title'),
  text: articleText.describe(`Article body (plain text), at most ${formatCount(MAX_TEXT_CHARS)} characters`),
  url: z.string().max(2000).optional().describe('http(s) only; another value is left out and reported in `warnings`'),
  source: z.string().max(200).optional(),
  publishedAt: z
    .string()
    .max(40)
    .optional()
    .describe('Publication date, ISO 8601 (2026-03-01) or RFC 822; one that is not a calendar date is left out and reported in `warnings`'),
  language: z.string().regex(/^[A-Za-z]{2,3}$/, 'expected a language code such as "en"').optional().describe('Skip language identification'),
}).meta({ id: 'AnalyzeRequest' });

/** Several articles analysed together, so that their decisions follow the batch's label mix. */
export const AnalyzeBatchRequestSchema = z.strictObject({
  articles: z
    .array(AnalyzeRequestSchema)
    .min(1)
    .max(MAX_ANALYZE_ARTICLES, {
      error: (iss) => `${formatCount((iss.input as unknown[]).length)} articles, over the limit of ${formatCount(MAX_ANALYZE_ARTICLES)} per analysis request`,
    }),
  priors: z
    .enum(PRIORS_MODES)
    .optional()
    .describe(
      `Label priors the decisions are made under: "batch" estimates each task's label mix from these articles (per language, at least ${MIN_BATCH_ARTICLES} articles), ` +
        '"training" keeps the models\' own; default: batch for the tasks whose measurements favour it (docs/confidence.md)',
    ),
}).meta({ id: 'AnalyzeBatchRequest' });

/** One article, or `{articles: [...], priors?}`. */
export const AnalyzeBodySchema = z.union([AnalyzeRequestSchema, AnalyzeBatchRequestSchema]);

/** The one shape an analyse body claims, by its `articles` key (see ingestShapeOf). */
export function analyzeShapeOf(body: unknown): typeof AnalyzeRequestSchema | typeof AnalyzeBatchRequestSchema {
  return hasArticlesKey(body) ? AnalyzeBatchRequestSchema : AnalyzeRequestSchema;
}

const hasArticlesKey = (body: unknown) => typeof body === 'object' && body !== null && 'articles' in body;

export const IngestArticleSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[\w.~-]{1,128}$/, 'expected 1-128 letters, digits, ".", "_", "~" or "-"')
    .optional()
    .describe('Stable id; a hash prefix of the text when absent'),
  title: z.string().max(2000).default(''),
  text: articleText,
  url: z.string().max(2000).optional().describe('http(s) only; another value is left out and reported in `warnings`'),
  source: z.string().max(200).optional(),
  publishedAt: z
    .string()
    .max(40)
    .optional()
    .describe('Publication date, ISO 8601 (2026-03-01) or RFC 822; one that is not a calendar date is left out and reported in `warnings`'),
  language: z.string().regex(/^[A-Za-z]{2,3}$/, 'expected a language code such as "en"').optional(),
});

export const IngestBatchSchema = z.strictObject({
  articles: z
    .array(IngestArticleSchema)
    .min(1)
    .max(MAX_ARTICLES_PER_REQUEST, {
      error: (iss) => `${formatCount((iss.input as unknown[]).length)} articles, over the limit of ${formatCount(MAX_ARTICLES_PER_REQUEST)} per request`,
    }),
});

/** One article, or `{articles: [...]}`. */
export const IngestRequestSchema = z.union([IngestArticleSchema, IngestBatchSchema]).meta({ id: 'IngestRequest' });

/**
 * The one shape an ingest body claims, by its `articles` key: validated against it, a bad body gets
 * an error naming its field rather than the union's "no member matched".
 */
export function ingestShapeOf(body: unknown): typeof IngestArticleSchema | typeof IngestBatchSchema {
  return hasArticlesKey(body) ? IngestBatchSchema : IngestArticleSchema;
}

/** Longest label a facet filter takes (the longest sub-narrative names are some 200 characters). */
const MAX_LABEL_CHARS = 300;

/** The filter fields of a corpus query: full text, one per task facet filter, then language, source and dates. */
function filterFields(tasks: readonly AnyTask[]) {
  const label = (description: string) => z.string().max(MAX_LABEL_CHARS).optional().describe(description);
  return {
    q: z.string().max(500).optional().describe('Full-text query (FTS5 syntax; plain words are ANDed)'),
    ...Object.fromEntries(filterFacets(tasks).map((f) => [f.filter, label(f.description ?? `Only articles with this ${f.name}`)])),
    language: z.string().max(10).optional(),
    source: z.string().max(200).optional(),
    from: isoDay.optional().describe('First day included (publication date, else ingest date)'),
    to: isoDay.optional().describe('Last day included'),
  };
}

/** The query parameters that filter the corpus (GET /api/articles, /api/stats and /api/export), in order. */
export function filterKeys(tasks: readonly AnyTask[] = TASKS): string[] {
  return Object.keys(filterFields(tasks));
}

/** The query schemas of GET /api/articles, /api/stats and /api/export for these tasks' facets. */
export function querySchemas(tasks: readonly AnyTask[] = TASKS) {
  const fields = filterFields(tasks);
  return {
    list: z.strictObject({
      ...fields,
      limit: intParam(1, MAX_PAGE_SIZE, 'articles per page').default(20),
      offset: intParam(0, MAX_OFFSET, 'the deepest page start; narrow the filter to reach older articles').default(0),
    }),
    stats: z.strictObject({
      ...fields,
      bucket: TimeBucketSchema.default('week'),
      top: intParam(1, MAX_STATS_TOP, 'labels per list').default(30),
    }),
    export: z.strictObject({
      ...fields,
      format: z.enum(EXPORT_FORMATS).default('jsonl').describe(
    'jsonl: one record per article with its analysis; csv: one row per article; semeval-subtask2: narratives ' +
      '(id<TAB>narratives<TAB>sub-narratives); semeval-subtask1: entity roles (id, mention, start, end, main role, fine roles); ' +
      'semeval-spans: technique spans (id<TAB>technique<TAB>start<TAB>end)',
  ),
      limit: intParam(1, MAX_EXPORT_RECORDS, 'records per export').optional(),
    }),
  };
}

export type QuerySchemas = ReturnType<typeof querySchemas>;

/** The task list GET /api/tasks answers. */
export function taskListOf(tasks: readonly AnyTask[] = TASKS): TaskList {
  return {
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title ?? taskTitle(t),
      facets: t.facets.map((f) => ({ task: f.task, ...(f.filter ? { filter: f.filter } : {}), ...(f.stats ? { stats: f.stats } : {}), name: f.name, title: f.title })),
    })),
  };
}

/** GET /api/clusters: a page of near-duplicate clusters, largest first. */
export const ClusterListQuerySchema = z.strictObject({
  limit: intParam(1, MAX_PAGE_SIZE, 'clusters per page').default(20),
  offset: intParam(0, MAX_OFFSET, 'clusters skipped').default(0),
  minSize: intParam(2, MAX_ARTICLES_PER_REQUEST, 'smallest cluster size listed').default(2),
});

/** GET /api/sources: a page of source profiles. */
export const SourceListQuerySchema = z.strictObject({
  limit: intParam(1, MAX_PAGE_SIZE, 'sources per page').default(20),
  offset: intParam(0, MAX_OFFSET, 'sources skipped').default(0),
  sort: z.enum(['copyShare', 'articles', 'copies']).default('copyShare').describe('copyShare: most copied first; articles: largest first; copies: most copies first'),
  minArticles: intParam(1, MAX_ARTICLES_PER_REQUEST, 'fewest articles a listed source has').default(1),
});

/** Most decisions in one annotate request (a whole article's worth, with room). */
export const MAX_DECISIONS = 500;

export const AnnotationInputSchema = z.strictObject({
  task: z.string().max(50).describe('narratives (narratives and sub-narratives), entities, techniques, genre or frames'),
  label: z.string().max(500).describe('A label of the task, as GET /api/taxonomy lists them'),
  entity: z.string().max(500).optional().describe('Task entities: the entity whose role this is'),
  span: z
    .strictObject({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
    .optional()
    .describe("Task techniques: character offsets into the article's raw text"),
  decision: z.enum(DECISIONS).describe("accept or reject a model's label; add one it did not give (a role change is a reject and an add)"),
  note: z.string().max(4000).optional(),
});

export const AnnotateRequestSchema = z.strictObject({
  decisions: z
    .array(AnnotationInputSchema)
    .min(1)
    .max(MAX_DECISIONS, { error: (iss) => `${formatCount((iss.input as unknown[]).length)} decisions, over the limit of ${formatCount(MAX_DECISIONS)} per request` }),
  modelVersion: z.string().max(200).optional().describe("The article's modelVersion the analyst saw: another is a 409 (the article was analysed again)"),
  revision: z.number().int().nonnegative().optional().describe("The annotations' revision the analyst saw: when it moved on, the decisions are stored and disagreements reported as conflicts"),
}).meta({ id: 'AnnotateRequest' });

export const TokenCreateSchema = z.strictObject({
  name: z.string().max(64).describe('1 to 64 letters, digits, ".", "_", "@" or "-": the author of its writes'),
  role: z.enum(ROLES),
}).meta({ id: 'TokenCreateRequest' });

/** GET /api/review: the review queue's filters and page. */
export const ReviewQuerySchema = z.strictObject({
  source: z.string().max(200).optional(),
  language: z.string().max(10).optional(),
  from: isoDay.optional().describe('First publication day included'),
  to: isoDay.optional().describe('Last publication day included'),
  limit: intParam(1, MAX_PAGE_SIZE, 'articles per page').default(20),
  offset: intParam(0, MAX_OFFSET, 'articles skipped').default(0),
});
