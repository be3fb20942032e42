import type { Article } from '../doc/article.js';

/** Why an input was skipped. */
export type SkipReason =
  | 'empty'
  | 'binary'
  | 'too-large'
  | 'invalid-utf8'
  | 'malformed-record'
  | 'unreadable'
  | 'unsupported';

/** One input that could not become an Article: named by file (and line), with a one-line message. */
export interface ReadProblem {
  path: string;
  line?: number;
  reason: SkipReason;
  message: string;
}

/** Why a value was left out of an article that was read: the text is kept, the field is not. */
export type WarningReason = 'invalid-date' | 'invalid-url';

/** A field dropped from an article that was otherwise read: named by file (and line) and field. */
export interface ReadWarning {
  path: string;
  line?: number;
  /** The field as the input names it: `published_at`, `pubDate`, `<link rel="canonical">` … */
  field: string;
  reason: WarningReason;
  message: string;
}

/** An article (with the fields left out of it, if any), or an input that could not be read. */
export type ReadItem = { ok: true; article: Article; warnings?: readonly ReadWarning[] } | { ok: false; problem: ReadProblem };

export interface ReadOptions {
  /** Largest file accepted, in bytes (default 5 MB; `--max-bytes`, NARRASCOPE_MAX_BYTES). */
  maxBytes?: number;
  /** Standard input, for the path "-" (tests pass their own stream). */
  stdin?: NodeJS.ReadableStream;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** Formats a problem or warning as the one line the CLI prints: "path:line: message [reason]". */
export function formatProblem(p: ReadProblem | ReadWarning): string {
  return `${p.path}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message} [${p.reason}]`;
}
