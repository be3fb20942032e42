/** The HTTP API's limits in one place: the routes enforce them, their errors quote them, docs/api.md lists them. */
import { MAX_LIST_OFFSET } from '../store/queries.js';

const MiB = 1024 * 1024;

/** The request-body limits, in bytes; a server may be started with others (the tests use small ones). */
export interface ServerLimits {
  /** Largest JSON request body. */
  jsonBytes: number;
  /** Largest multipart upload body (the file and the form around it). */
  uploadBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = { jsonBytes: 2 * MiB, uploadBytes: 5 * MiB };

/** Largest text of one article (JSON `text`, or an article read from an upload), in characters. */
export const MAX_TEXT_CHARS = 1_000_000;

/** Most articles in one `POST /api/articles` JSON body. */
export const MAX_ARTICLES_PER_REQUEST = 1000;

/**
 * Most articles in one `POST /api/analyze` body: one worker thread analyses them together (their Docs
 * must be in one place for the label-shift step), some 2 s of a thread for 200 news articles.
 */
export const MAX_ANALYZE_ARTICLES = 200;

/** Largest page of `GET /api/articles`. */
export const MAX_PAGE_SIZE = 200;

/** Deepest page start of `GET /api/articles` (the store's cap: deeper pages are a scan; narrow the filter). */
export const MAX_OFFSET = MAX_LIST_OFFSET;

/** Largest `top` of `GET /api/stats` and `limit` of `GET /api/export`. */
export const MAX_STATS_TOP = 200;
export const MAX_EXPORT_RECORDS = 1_000_000;

/** A count as errors quote it: `1,000,000`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A byte limit as errors quote it: `2 MiB (2,097,152 bytes)`, or the bytes alone when not whole MiB. */
export function formatBytes(n: number): string {
  return n % MiB === 0 ? `${n / MiB} MiB (${formatCount(n)} bytes)` : `${formatCount(n)} bytes`;
}
