/** The corpus filter lives in the URL hash (`#/articles?narrative=…`), so every view can be linked and reloaded. */
import type { CorpusFilter } from './api.js';

export const FILTER_FIELDS: { key: keyof CorpusFilter; name: string }[] = [
  { key: 'q', name: 'search' },
  { key: 'narrative', name: 'narrative' },
  { key: 'subNarrative', name: 'sub-narrative' },
  { key: 'technique', name: 'technique' },
  { key: 'entity', name: 'entity' },
  { key: 'role', name: 'role' },
  { key: 'domain', name: 'domain' },
  { key: 'genre', name: 'genre' },
  { key: 'frame', name: 'frame' },
  { key: 'language', name: 'language' },
  { key: 'source', name: 'source' },
  { key: 'from', name: 'from' },
  { key: 'to', name: 'to' },
];

export function filterFromParams(params: URLSearchParams): CorpusFilter {
  const filter: CorpusFilter = {};
  for (const { key } of FILTER_FIELDS) {
    const v = params.get(key);
    if (v) filter[key] = v;
  }
  return filter;
}

export function hashFor(view: string, filter: CorpusFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const { key } of FILTER_FIELDS) if (filter[key]) params.set(key, filter[key]!);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return `#/${view}${s ? `?${s}` : ''}`;
}
