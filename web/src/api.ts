/** The dashboard's calls to the HTTP API; errors carry the server's one-line message and the field it names. */
import type {
  AgreementReportSchema,
  AnnotateResultBody,
  ArticleDetail,
  ArticlePage,
  ArticleProvenanceBody,
  ClusterDetailBody,
  ClusterPage,
  CorpusStats,
  Health,
  Jobs,
  ReviewPageSchema,
  SourcePage,
  TaskList,
  TaxonomyBody,
  TimeBucket,
} from '../../src/api-schema.js';
import type { Analysis } from '../../src/schema.js';
import type { AnnotationInput } from '../../src/store/annotations.js';
import type { CorpusFilter } from '../../src/store/queries.js';
import type { z } from 'zod';
import { authHeaders } from './token.js';

export type ReviewPage = z.infer<typeof ReviewPageSchema>;
export type AgreementReport = z.infer<typeof AgreementReportSchema>;
export type ReviewFilter = { source?: string; language?: string; from?: string; to?: string };

export type { Analysis, AnnotateResultBody, AnnotationInput, ArticleDetail, TaxonomyBody, ArticlePage, ArticleProvenanceBody, ClusterDetailBody, ClusterPage, CorpusFilter, CorpusStats, Jobs, SourcePage, TaskList, TimeBucket };

export class ApiError extends Error {
  constructor(
    message: string,
    /** The field the server named (`decisions[0].label`, `authorization`), when it named one. */
    readonly field?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Every request carries the token when one is set: a private server wants it for reads too. */
async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, headers: { ...authHeaders(), ...(init.headers as Record<string, string> | undefined) } });
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = body as { error?: string; field?: string } | undefined;
    throw new ApiError(err?.error ?? `${res.status} ${res.statusText}`, err?.field, res.status);
  }
  return body as T;
}

export function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  stats: (filter: CorpusFilter, bucket: TimeBucket, top = 30) => call<CorpusStats>(`/api/stats${queryString({ ...filter, bucket, top })}`),
  list: (filter: CorpusFilter, limit: number, offset: number) => call<ArticlePage>(`/api/articles${queryString({ ...filter, limit, offset })}`),
  article: (id: string) => call<ArticleDetail>(`/api/articles/${encodeURIComponent(id)}`),
  analyzeText: (title: string, text: string) =>
    call<ArticleDetail>('/api/analyze', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title, text }) }),
  analyzeFile: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return call<ArticleDetail>('/api/analyze', { method: 'POST', body: form });
  },
  tasks: () => call<TaskList>('/api/tasks'),
  health: () => call<Health>('/api/health'),
  jobs: () => call<Jobs>('/api/jobs'),
  clusters: (limit: number, offset = 0) => call<ClusterPage>(`/api/clusters${queryString({ limit, offset })}`),
  cluster: (id: string) => call<ClusterDetailBody>(`/api/clusters/${encodeURIComponent(id)}`),
  sources: (limit: number, sort: 'copyShare' | 'articles' | 'copies' = 'copyShare') => call<SourcePage>(`/api/sources${queryString({ limit, sort })}`),
  annotate: (id: string, body: { decisions: AnnotationInput[]; modelVersion?: string; revision?: number }) =>
    call<AnnotateResultBody>(`/api/articles/${encodeURIComponent(id)}/annotations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  taxonomy: () => call<TaxonomyBody>('/api/taxonomy'),
  review: (filter: ReviewFilter, limit: number, offset = 0) => call<ReviewPage>(`/api/review${queryString({ ...filter, limit, offset })}`),
  agreement: () => call<AgreementReport>('/api/review/agreement'),
  provenance: (id: string) => call<ArticleProvenanceBody>(`/api/articles/${encodeURIComponent(id)}/provenance`),
};
