/**
 * What a job carries, checked when a worker takes it: an analysis job holds the whole article (the job
 * row is where a new article waits until it is analysed and stored), a refresh job names a stored one.
 */
import { z } from 'zod';
import { createArticle, type Article } from '../doc/article.js';

const ArticleInJob = z.object({
  raw: z.string(),
  id: z.string().min(1),
  url: z.string().optional(),
  source: z.string().optional(),
  publishedAt: z.string().optional(),
  origin: z.object({
    path: z.string().optional(),
    line: z.number().int().optional(),
    format: z.enum(['text', 'semeval', 'jsonl', 'csv', 'html', 'rss', 'atom', 'stdin']),
  }),
});

export const AnalyseJobSchema = z.object({
  article: ArticleInJob,
  /** Forced language (`ingest --lang`), else identified per article. */
  language: z.string().optional(),
  /** The content hash the job was enqueued under; checked against the text, so a damaged job is refused. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AnalyseJob = z.infer<typeof AnalyseJobSchema>;

export const RefreshJobSchema = z.object({
  id: z.string().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Replace the analysis even when the models and priors are unchanged (`reanalyze --force`). */
  force: z.boolean().optional(),
});
export type RefreshJob = z.infer<typeof RefreshJobSchema>;

/** The job of one article read by `ingest --queue`. */
export function analyseJobOf(article: Article, language?: string): AnalyseJob {
  const { raw, id, url, source, publishedAt, origin } = article;
  return {
    article: { raw, id, origin: { ...origin }, ...(url ? { url } : {}), ...(source ? { source } : {}), ...(publishedAt ? { publishedAt } : {}) },
    hash: article.hash,
    ...(language ? { language } : {}),
  };
}

/** A bad job's data: the message names the job and the field. */
export class JobDataError extends Error {}

/** The article an analysis job carries, checked; JobDataError when a field is missing or the text is not the hash's. */
export function articleOfJob(jobId: string, data: unknown): { article: Article; language?: string } {
  const job = parseJob(jobId, AnalyseJobSchema, data);
  const article = createArticle(job.article);
  if (article.hash !== job.hash) throw new JobDataError(`job ${jobId}: field "article.raw" does not match its hash ${job.hash.slice(0, 12)}…`);
  return { article, ...(job.language ? { language: job.language } : {}) };
}

/** A refresh job's data, checked. */
export function refreshOfJob(jobId: string, data: unknown): RefreshJob {
  return parseJob(jobId, RefreshJobSchema, data);
}

function parseJob<T>(jobId: string, schema: z.ZodType<T>, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : '(data)';
  throw new JobDataError(`job ${jobId}: field "${field}": ${issue.message}`);
}
