/**
 * Request and response schemas of the HTTP API (zod): the same objects validate requests and
 * produce the OpenAPI document, so the two cannot drift apart.
 */
import { z } from 'zod';
import { parsePublishedDate } from '../doc/metadata.js';
import { EXPORT_FORMATS } from '../export/formats.js';
import { TASKS } from '../tasks/registry.js';
import { facetsOf, filterFacets, taskTitle, type AnyTask } from '../tasks/task.js';
import { formatCount, MAX_ARTICLES_PER_REQUEST, MAX_EXPORT_RECORDS, MAX_OFFSET, MAX_PAGE_SIZE, MAX_STATS_TOP, MAX_TEXT_CHARS } from './limits.js';

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
  language: z.string().regex(/^[a-z]{2,3}$/i, 'expected a language code such as "en"').optional().describe('Skip language identification'),
});

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
  language: z.string().regex(/^[a-z]{2,3}$/i, 'expected a language code such as "en"').optional(),
});

export const IngestBatchSchema = z.strictObject({
  articles: z
    .array(IngestArticleSchema)
    .min(1)
    .max(MAX_ARTICLES_PER_REQUEST, {
      error: (iss) => `${formatCount((iss.input as unknown[]).length)} articles, over the limit of ${formatCount(MAX_ARTICLES_PER_REQUEST)} per request`,
    }),
});

/** One article, or `{articles: [...]}` (the route picks the schema by the `articles` key, so errors name the field). */
export const IngestRequestSchema = z.union([IngestArticleSchema, IngestBatchSchema]);

/** A field left out of an article that was otherwise analysed or stored (a date that is not a date, a URL that is not http(s)). */
export const ItemWarningSchema = z.object({
  item: z.string().describe('`article`, `articles[2]`, or the uploaded file and line'),
  field: z.string(),
  message: z.string(),
});

export const IngestResultSchema = z.object({
  inserted: z.number().int(),
  duplicates: z.number().int(),
  ids: z.array(z.string()),
  problems: z.array(z.object({ item: z.string(), error: z.string() })).describe('Items that were skipped, each named'),
  warnings: z.array(ItemWarningSchema).describe('Fields left out of articles that were read (the article is kept without them)'),
});

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
      bucket: z.enum(['day', 'week', 'month']).default('week'),
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

// ----------------------------------------------------------------------------------------------
// Responses (for the OpenAPI document; the TypeScript types live in src/store/queries.ts)

const LabelScoreSchema = z.object({ label: z.string(), score: z.number() });
const CountSchema = z.object({ label: z.string(), count: z.number().int() });

export const ArticleListItemSchema = z.object({
  id: z.string(),
  hash: z.string(),
  title: z.string(),
  language: z.string(),
  source: z.string().optional(),
  url: z.string().optional(),
  publishedAt: z.string().optional(),
  ingestedAt: z.string(),
  date: z.string().describe('YYYY-MM-DD: publication date, else ingest date'),
  domain: z.string().optional(),
  genre: z.string().optional(),
  snippet: z.string().optional().describe('Excerpt around the search terms; matches between U+E000 and U+E001'),
  narratives: z.array(LabelScoreSchema),
  subNarratives: z.array(LabelScoreSchema),
  techniques: z.array(LabelScoreSchema),
});

export const ArticlePageSchema = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  items: z.array(ArticleListItemSchema),
  search: z.object({ query: z.string(), quoted: z.boolean() }).optional(),
});

/** The statistics response for these tasks: a count list per facet with a `stats` key. */
export function statsSchema(tasks: readonly AnyTask[] = TASKS) {
  const lists = facetsOf(tasks).flatMap((f) => (f.stats ? [[f.stats, z.array(CountSchema).describe(`${f.title}: articles per ${f.name}`)] as const] : []));
  return StatsBaseSchema.extend(Object.fromEntries(lists) as Record<string, z.ZodArray<typeof CountSchema>>);
}

const StatsBaseSchema = z.object({
  total: z.number().int(),
  withoutNarrative: z.number().int().describe('Articles with no narrative (none found, or the narrative model did not run)'),
  narratives: z.array(CountSchema),
  entitiesByRole: z.array(z.object({ role: z.string(), entities: z.array(CountSchema) })),
  languages: z.array(CountSchema),
  sources: z.array(CountSchema),
  timeline: z.object({
    bucket: z.enum(['day', 'week', 'month']),
    periods: z.array(z.string()).describe('Day, Monday of the week (YYYY-MM-DD), or month (YYYY-MM)'),
    total: z.array(z.number().int()),
    narratives: z.array(z.object({ label: z.string(), counts: z.array(z.number().int()) })),
    undated: z.number().int().describe('Articles left out of the timeline: they have no publication date'),
  }),
});

export const StatsSchema = statsSchema();

/** GET /api/tasks: the tasks and their facets, from which the dashboard builds its filters, cards and panels. */
export const TaskListSchema = z.object({
  tasks: z.array(
    z.object({
      id: z.string(),
      title: z.string().describe('How the article view heads its result'),
      facets: z.array(
        z.object({
          task: z.string().describe('The label task (the `task` of its rows in the label index)'),
          filter: z.string().optional().describe('The query parameter that filters by it'),
          stats: z.string().optional().describe('Its count list in GET /api/stats'),
          name: z.string().describe("A label's kind in words"),
          title: z.string().describe('Its facet card title'),
        }),
      ),
    }),
  ),
});

export type TaskList = z.infer<typeof TaskListSchema>;

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

export const ErrorSchema = z.object({
  error: z.string().describe('One line naming the problem (and the field, when there is one)'),
  field: z.string().optional(),
});
