/**
 * API errors: every failure is a JSON body `{ "error": message, "field"?: name }` with a 4xx/5xx
 * status, and the message names the field or the problem in one line.
 */
import type { Hook } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { ErrorBody } from '../api-schema.js';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly field?: string,
    /** Headers the answer carries, e.g. Retry-After on a 503. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function errorResponse(c: Context, status: ContentfulStatusCode, message: string, field?: string, headers?: Record<string, string>) {
  const body: ErrorBody = field ? { error: message, field } : { error: message };
  return c.json(body, status, headers);
}

/** A field path as most routes name it: `articles.0.text`. */
const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** A field path with indexes in brackets, as the annotation checks name it: `decisions[0].label`. */
export const bracketed = (path: readonly PropertyKey[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');

/** Turns the first zod issue into an ApiError naming the field, e.g. `"text": expected string, received number`. */
export function issueToError(error: z.ZodError, where: string, nameOf: (path: readonly PropertyKey[]) => string = dotted): ApiError {
  const issue = error.issues[0];
  const field = nameOf(issue.path);
  const message = issue.message.replace(/^Invalid input: /, '');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : '';
  return field
    ? new ApiError(400, `${where} field "${field}": ${message}${more}`, field)
    : new ApiError(400, `${where}: ${message}${more}`);
}

/** How an error names the part of the request that failed validation. */
const WHERE: Record<string, string> = { query: 'query', json: 'request body', param: 'path' };

/** The routes' validation hook: a request that fails its route's schema is a 400 naming the field. */
export const validationHook: Hook<unknown, Env, string, unknown> = (result) => {
  if (!result.success) throw issueToError(result.error, WHERE[result.target] ?? result.target);
};
