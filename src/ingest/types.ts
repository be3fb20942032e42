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

export type ReadItem = { ok: true; article: Article } | { ok: false; problem: ReadProblem };

export interface ReadOptions {
  /** Largest file accepted, in bytes (default 5 MB; `--max-bytes`, NARRASCOPE_MAX_BYTES). */
  maxBytes?: number;
  /** Standard input, for the path "-" (tests pass their own stream). */
  stdin?: NodeJS.ReadableStream;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** Formats a problem as the one line the CLI prints: "path:line: message". */
export function formatProblem(p: ReadProblem): string {
  return `${p.path}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message} [${p.reason}]`;
}
