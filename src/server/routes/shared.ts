/** Pieces shared by the routes: the corpus filter from a validated query, the request-body limits. */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CorpusFilter } from '../../store/queries.js';
import { errorResponse } from '../errors.js';
import { formatBytes, type ServerLimits } from '../limits.js';
import { isMultipart } from '../request-body.js';

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

/** The 413 answer for a body of `kind` over `maxBytes`, quoting the limit and, when the client sent it, the size. */
function tooLarge(kind: string, maxBytes: number) {
  return (c: Context) => {
    const length = c.req.header('content-length');
    const size = length && /^\d+$/.test(length) ? ` is ${Number(length).toLocaleString('en-US')} bytes,` : '';
    return errorResponse(c, 413, `request body${size} over the limit of ${formatBytes(maxBytes)} for ${kind}`, 'body');
  };
}

/** Refuses a body over its limit before it is read: `uploadBytes` for a multipart upload, else `jsonBytes`. */
export function limitBody(limits: ServerLimits): MiddlewareHandler {
  const json = bodyLimit({ maxSize: limits.jsonBytes, onError: tooLarge('a JSON body', limits.jsonBytes) });
  const upload = bodyLimit({ maxSize: limits.uploadBytes, onError: tooLarge('an upload', limits.uploadBytes) });
  return (c, next) => (isMultipart(c) ? upload(c, next) : json(c, next));
}
