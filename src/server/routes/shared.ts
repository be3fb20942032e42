/** Pieces shared by the routes: the corpus filter from a validated query, the oversized-body answer. */
import type { Context } from 'hono';
import type { CorpusFilter } from '../../store/queries.js';
import { errorResponse } from '../errors.js';

const FILTER_KEYS = [
  'q', 'narrative', 'subNarrative', 'technique', 'entity', 'role', 'domain', 'genre', 'frame', 'language', 'source', 'from', 'to',
] as const;

/** The corpus filter fields of a validated query, without empty values. */
export function filterOf(query: Partial<Record<(typeof FILTER_KEYS)[number], string | undefined>>): CorpusFilter {
  const filter: CorpusFilter = {};
  for (const key of FILTER_KEYS) {
    const value = query[key]?.trim();
    if (value) filter[key] = value;
  }
  return filter;
}

/** The 413 answer of the body-limit middleware. */
export function tooLarge(maxBytes: number) {
  return (c: Context) => errorResponse(c, 413, `request body is larger than the limit of ${maxBytes} bytes`, 'body');
}
