/** Pieces shared by the routes: the query schemas and corpus filter of the tasks' facets, the request-body limits. */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CorpusFilter } from '../../store/queries.js';
import type { AnyTask } from '../../tasks/task.js';
import { errorResponse } from '../errors.js';
import { formatBytes, type ServerLimits } from '../limits.js';
import { isMultipart } from '../request-body.js';
import { filterKeys, querySchemas, type QuerySchemas } from '../schemas.js';

/** The corpus queries the routes take, made once per app from its tasks. */
export interface CorpusQueryApi {
  schemas: QuerySchemas;
  /** The corpus filter fields of a validated query, without empty values. */
  filterOf(query: Record<string, unknown>): CorpusFilter;
}

export function corpusQueryApi(tasks: readonly AnyTask[]): CorpusQueryApi {
  const keys = filterKeys(tasks);
  return {
    schemas: querySchemas(tasks),
    filterOf(query) {
      const filter: CorpusFilter = {};
      for (const key of keys) {
        const value = query[key];
        if (typeof value === 'string' && value.trim()) filter[key] = value.trim();
      }
      return filter;
    },
  };
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
