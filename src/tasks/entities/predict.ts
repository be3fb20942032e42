/**
 * The SemEval setting: roles for given mentions. One output row per input row, in input order, with
 * the input's file, mention and offsets echoed unchanged (so the official scorer's keys match).
 * Mentions whose offsets do not match fall back to the nearest occurrence of their text (noted);
 * a row naming a missing document, or text not in the document, gets a one-line error and no output.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { articleContext, type ArticleContext } from './context.js';
import { resolveMention, type AnnotationRow, type MentionRow } from './io.js';
import type { EntityRoleModel } from './model.js';

export interface PredictOutcome {
  rows: Omit<AnnotationRow, 'line'>[];
  /** One-line notes (offset repairs) and errors (row skipped), each naming the input line. */
  notes: string[];
  errors: string[];
}

/** Reads documents by name from a folder; null when missing. */
export type DocumentSource = (file: string) => string | null;

export function folderSource(dir: string): DocumentSource {
  return (file) => {
    const p = join(dir, file);
    return existsSync(p) ? readFileSync(p, 'utf8') : null;
  };
}

/** Narrative labels of a document (empty: "Other"), for models with stance features; undefined: unknown. */
export type NarrativeSource = (file: string, raw: string) => readonly string[] | undefined;

export function predictMentions(mentions: readonly MentionRow[], source: DocumentSource, model: EntityRoleModel, inputName = 'mentions', narratives?: NarrativeSource): PredictOutcome {
  const contexts = new Map<string, ArticleContext | null>();
  const out: PredictOutcome = { rows: [], notes: [], errors: [] };
  for (const m of mentions) {
    let ctx = contexts.get(m.file);
    if (ctx === undefined) {
      const raw = source(m.file);
      ctx = raw === null ? null : articleContext(raw, undefined, narratives?.(m.file, raw));
      contexts.set(m.file, ctx);
    }
    const where = `${inputName}:${m.line}`;
    if (!ctx) {
      out.errors.push(`${where}: document "${m.file}" not found; line skipped`);
      continue;
    }
    const resolved = resolveMention(ctx.raw, m);
    if (!resolved) {
      out.errors.push(`${where}: "${m.mention}" does not occur in ${m.file}; line skipped`);
      continue;
    }
    if (!resolved.exact) out.notes.push(`${where}: ${resolved.note}`);
    const p = model.classify(ctx, resolved.span, m.mention);
    out.rows.push({ file: m.file, mention: m.mention, start: m.start, end: m.end, main: p.main, fine: p.fine.map((f) => f.role) });
  }
  return out;
}
