/**
 * The OpenAPI 3.1 document served at /api/openapi.json, written out from the same zod schemas that
 * validate requests (zod 4's `z.toJSONSchema`), so documentation and validation cannot disagree.
 */
import { z } from 'zod';
import { AnalysisSchema } from '../schema.js';
import {
  AnalyzeRequestSchema,
  ArticlePageSchema,
  ErrorSchema,
  IngestRequestSchema,
  IngestResultSchema,
  ItemWarningSchema,
  querySchemas,
  statsSchema,
  TaskListSchema,
} from './schemas.js';
import { TASKS } from '../tasks/registry.js';
import type { AnyTask } from '../tasks/task.js';

const VERSION = '0.1.0';

/** JSON Schema of a zod schema, as a request (`input`) or a response (`output`) reads it. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

/** One query parameter per property of a zod object. */
function queryParameters(schema: z.ZodObject) {
  const doc = jsonSchema(schema, 'input') as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(doc.properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: doc.required?.includes(name) ?? false,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    schema: s,
  }));
}

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      code === 503
        ? { description: 'Analyses queued to their limit; retry after the seconds in Retry-After', headers: { 'Retry-After': { schema: { type: 'integer' } } }, content: json('Error') }
        : { description: 'Error', content: json('Error') },
    ]),
  );

export const ArticleDetailSchema = z.object({
  id: z.string(),
  hash: z.string(),
  title: z.string(),
  raw: z.string().describe('The text exactly as ingested; every offset in the analysis points into it'),
  url: z.string().optional(),
  source: z.string().optional(),
  publishedAt: z.string().optional(),
  language: z.string(),
  origin: z.object({ path: z.string().optional(), line: z.number().optional(), format: z.string() }),
  ingestedAt: z.string().optional().describe('Absent for /api/analyze results, which are not stored'),
  modelVersion: z.string().optional(),
  stored: z.boolean(),
  analysis: AnalysisSchema,
  warnings: z.array(ItemWarningSchema).optional().describe('/api/analyze only, when a field was left out (a date that is not a date, a URL that is not http(s))'),
});

/** The document for an app over `tasks`: their facets are the filter parameters and the statistics' count lists. */
export function buildOpenApi(tasks: readonly AnyTask[] = TASKS): Record<string, unknown> {
  const queries = querySchemas(tasks);
  const upload = {
    'multipart/form-data': {
      schema: {
        type: 'object',
        properties: {
          file: { type: 'string', format: 'binary', description: '.txt, .jsonl, .csv, .html, .rss/.atom/.xml' },
          language: { type: 'string' },
        },
        required: ['file'],
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'narrascope API',
      version: VERSION,
      description:
        'Analyse news articles for propaganda narratives, entity roles, persuasion techniques and provenance; ' +
        'search and count a stored corpus. Writes need "Authorization: Bearer <NARRASCOPE_TOKEN>". Errors are ' +
        '{"error": message, "field"?: name}.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Analysis: jsonSchema(AnalysisSchema, 'output'),
        ArticleDetail: jsonSchema(ArticleDetailSchema, 'output'),
        ArticlePage: jsonSchema(ArticlePageSchema, 'output'),
        Stats: jsonSchema(statsSchema(tasks), 'output'),
        TaskList: jsonSchema(TaskListSchema, 'output'),
        AnalyzeRequest: jsonSchema(AnalyzeRequestSchema, 'input'),
        IngestRequest: jsonSchema(IngestRequestSchema, 'input'),
        IngestResult: jsonSchema(IngestResultSchema, 'output'),
        Error: jsonSchema(ErrorSchema, 'output'),
      },
    },
    paths: {
      '/api/analyze': {
        post: {
          summary: 'Analyse one article without storing it',
          requestBody: { required: true, content: { ...json('AnalyzeRequest'), ...upload } },
          responses: { '200': { description: 'The article and its analysis', content: json('ArticleDetail') }, ...errors(400, 413, 415, 503) },
        },
      },
      '/api/articles': {
        get: {
          summary: 'List, search and filter stored articles',
          parameters: queryParameters(queries.list),
          responses: { '200': { description: 'A page of articles', content: json('ArticlePage') }, ...errors(400) },
        },
        post: {
          summary: 'Analyse and store articles (JSON, or a file upload in any supported format)',
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { ...json('IngestRequest'), ...upload } },
          responses: {
            '201': { description: 'Stored', content: json('IngestResult') },
            '200': { description: 'Nothing new (all duplicates)', content: json('IngestResult') },
            ...errors(400, 401, 403, 413, 415, 503),
          },
        },
      },
      '/api/articles/{id}': {
        get: {
          summary: 'One stored article: text, fields and analysis',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Id, hash, or a unique hash prefix (8+ characters)' }],
          responses: { '200': { description: 'The article', content: json('ArticleDetail') }, ...errors(404) },
        },
      },
      '/api/stats': {
        get: {
          summary: 'Counts over the filtered corpus, and a timeline',
          parameters: queryParameters(queries.stats),
          responses: { '200': { description: 'Statistics', content: json('Stats') }, ...errors(400) },
        },
      },
      '/api/export': {
        get: {
          summary: 'Export the filtered corpus',
          parameters: queryParameters(queries.export),
          responses: {
            '200': {
              description: 'The export, streamed',
              content: {
                'application/x-ndjson': { schema: { type: 'string' } },
                'text/csv': { schema: { type: 'string' } },
                'text/tab-separated-values': { schema: { type: 'string' } },
              },
            },
            ...errors(400),
          },
        },
      },
      '/api/tasks': {
        get: {
          summary: 'The analyses and their facets: filter parameters, statistics lists and their names',
          responses: { '200': { description: 'The task list', content: json('TaskList') } },
        },
      },
      '/api/health': {
        get: { summary: 'Liveness, article count, whether writes are enabled', responses: { '200': { description: 'OK' } } },
      },
    },
  };
}
