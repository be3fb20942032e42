/** The corpus filter lives in the URL hash (`#/articles?narrative=…`), so every view can be linked and reloaded. */
import type { CorpusFilter } from './api.js';
import { facetList } from './tasks.js';

export interface FilterField {
  key: string;
  name: string;
}

/** The filters: full text, one per task facet filter (from GET /api/tasks, the first facet naming it), language, source and dates. */
export function filterFields(): FilterField[] {
  const seen = new Set<string>();
  const facets = facetList().flatMap((f) => (f.filter && !seen.has(f.filter) && seen.add(f.filter) ? [{ key: f.filter, name: f.name }] : []));
  return [
    { key: 'q', name: 'search' },
    ...facets,
    { key: 'language', name: 'language' },
    { key: 'source', name: 'source' },
    { key: 'from', name: 'from' },
    { key: 'to', name: 'to' },
  ];
}

export function filterFromParams(params: URLSearchParams): CorpusFilter {
  const filter: CorpusFilter = {};
  for (const { key } of filterFields()) {
    const v = params.get(key);
    if (v) filter[key] = v;
  }
  return filter;
}

export function hashFor(view: string, filter: CorpusFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const { key } of filterFields()) if (filter[key]) params.set(key, filter[key]!);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return `#/${view}${s ? `?${s}` : ''}`;
}
