/** The dashboard's calls to the HTTP API; errors carry the server's one-line message. */
import type {
  ArticleDetail,
  ArticlePage,
  ArticleProvenanceBody,
  ClusterDetailBody,
  ClusterPage,
  CorpusStats,
  Health,
  Jobs,
  SourcePage,
  TaskList,
  TimeBucket,
} from '../../src/api-schema.js';
import type { Analysis } from '../../src/schema.js';
import type { CorpusFilter } from '../../src/store/queries.js';

export type { Analysis, ArticleDetail, ArticlePage, ArticleProvenanceBody, ClusterDetailBody, ClusterPage, CorpusFilter, CorpusStats, Jobs, SourcePage, TaskList, TimeBucket };

export class ApiError extends Error {}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, init);
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError((body as { error?: string } | undefined)?.error ?? `${res.status} ${res.statusText}`);
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
  provenance: (id: string) => call<ArticleProvenanceBody>(`/api/articles/${encodeURIComponent(id)}/provenance`),
};
