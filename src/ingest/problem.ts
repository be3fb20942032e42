/** Building ReadProblems: one line naming the file (and line) and what is wrong with it. */
import type { ReadItem, SkipReason } from './types.js';

/** A skipped input as a ReadItem. */
export function problem(path: string, reason: SkipReason, message: string, line?: number): ReadItem {
  return { ok: false, problem: { path, reason, message, ...(line !== undefined ? { line } : {}) } };
}

/** A file-system error as a problem: "no such file", "permission denied", or the system's own text. */
export function fileErrorProblem(path: string, err: unknown): ReadItem {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const known: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'is a folder',
    ELOOP: 'too many symbolic links',
  };
  const message = (code && known[code]) ?? (err instanceof Error ? err.message : String(err));
  return problem(path, 'unreadable', `cannot read: ${message}`);
}
