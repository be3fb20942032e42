/**
 * Export of stored articles: JSONL, CSV, and the SemEval submission formats, written a chunk of
 * records at a time so an export of the whole corpus never sits in memory. Shared by `GET /api/export`
 * and `narrascope export`.
 */
import { basename } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Article } from '../doc/article.js';
import { offsetConverter } from '../doc/offsets.js';
import type { ExportRecord } from '../store/queries.js';
import { formatSubtask2, subtask2RowOf, type Subtask2Row } from '../tasks/narratives/io.js';
import { formatAnnotation } from '../tasks/entities/io.js';
import { formatSpanLabels } from '../tasks/techniques/io.js';
import { TASKS } from '../tasks/registry.js';
import type { AnyTask } from '../tasks/task.js';

export const EXPORT_FORMATS = ['jsonl', 'csv', 'semeval-subtask2', 'semeval-subtask1', 'semeval-spans'] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Records per chunk of an export stream. */
export const EXPORT_CHUNK = 100;

export const EXPORT_CONTENT: Record<ExportFormat, { type: string; extension: string }> = {
  jsonl: { type: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  'semeval-subtask2': { type: 'text/tab-separated-values; charset=utf-8', extension: 'txt' },
  'semeval-subtask1': { type: 'text/tab-separated-values; charset=utf-8', extension: 'txt' },
  'semeval-spans': { type: 'text/tab-separated-values; charset=utf-8', extension: 'txt' },
};

/** The article's name in SemEval files: its file name when it came from a .txt file, else its id. */
export function semevalId(r: { id: string; origin: Article['origin'] }): string {
  return r.origin.path && r.origin.path.endsWith('.txt') ? basename(r.origin.path) : r.id;
}

/** The body after the title line, so a JSONL export can be ingested again as is. */
export function bodyOf(raw: string): string {
  const nl = raw.indexOf('\n');
  return nl < 0 ? '' : raw.slice(nl + 1).replace(/^\r?\n/, '');
}

/** The CSV columns: the article's, then each task's (tasks/task.ts TaskColumn, in registry order), then cleaning and provenance. */
export function csvColumns(tasks: readonly AnyTask[] = TASKS): string[] {
  return ['id', 'title', 'source', 'url', 'published_at', 'language', ...tasks.flatMap((t) => (t.columns ?? []).map((c) => c.name)), 'removed_boilerplate', 'attributed_to'];
}

function csvRow(r: ExportRecord, tasks: readonly AnyTask[]): Record<string, string> {
  const a = r.analysis;
  const sections = a as unknown as Record<string, unknown>;
  return {
    id: r.id,
    title: r.title,
    source: r.source ?? '',
    url: r.url ?? '',
    published_at: r.publishedAt ?? '',
    language: r.language,
    ...Object.fromEntries(tasks.flatMap((t) => (t.columns ?? []).map((c) => [c.name, c.value(sections[t.id])]))),
    removed_boilerplate: String(a.cleaning.removed.length),
    attributed_to: a.provenance.attributedTo.map((x) => x.outlet).join('; '),
  };
}

/**
 * Formats one chunk of records. `first` says whether this is the start of the file (CSV header).
 * SemEval formats leave out articles the relevant model did not label, rather than inventing "Other".
 */
export function formatChunk(format: ExportFormat, records: readonly ExportRecord[], first: boolean, tasks: readonly AnyTask[] = TASKS): string {
  switch (format) {
    case 'jsonl':
      return records
        .map((r) =>
          JSON.stringify({
            id: r.id,
            title: r.title,
            text: bodyOf(r.raw),
            url: r.url,
            source: r.source,
            published_at: r.publishedAt,
            language: r.language,
            analysis: r.analysis,
          }) + '\n',
        )
        .join('');
    case 'csv':
      return stringify(
        records.map((r) => csvRow(r, tasks)),
        { header: first, columns: csvColumns(tasks) },
      );
    case 'semeval-subtask2':
      return formatSubtask2(records.map((r) => subtask2RowOf(semevalId(r), r.analysis.narratives)).filter((r): r is Subtask2Row => r !== null));
    case 'semeval-subtask1': {
      const lines: string[] = [];
      for (const r of records) {
        const conv = offsetConverter(r.raw);
        for (const e of r.analysis.entities ?? []) {
          for (const m of e.mentions) {
            lines.push(
              formatAnnotation({
                file: semevalId(r),
                mention: m.text,
                start: conv.toCodePoint(m.start),
                end: conv.toCodePoint(m.end) - 1,
                main: e.mainRole,
                fine: e.fineRoles.map((f) => f.role),
              }) + '\n',
            );
          }
        }
      }
      return lines.join('');
    }
    case 'semeval-spans':
      return records
        .map((r) => {
          const conv = offsetConverter(r.raw);
          // Span files name an article by its number: "article123.txt" → "123".
          const id = semevalId(r).replace(/\.txt$/, '').replace(/^article/, '');
          return formatSpanLabels(
            (r.analysis.techniques?.spans ?? []).map((s) => ({ id, technique: s.technique, start: conv.toCodePoint(s.start), end: conv.toCodePoint(s.end) })),
          );
        })
        .join('');
  }
}

/**
 * The whole export of `records` as text chunks of EXPORT_CHUNK records (a CSV header once, even when
 * empty). The first record is read at once, so a bad filter throws here, before any byte is written.
 */
export async function exportChunks(format: ExportFormat, records: AsyncIterable<ExportRecord>, tasks: readonly AnyTask[] = TASKS): Promise<AsyncGenerator<string>> {
  const it = records[Symbol.asyncIterator]();
  const head = await it.next();
  return chunksOf(format, head, it, tasks);
}

async function* chunksOf(format: ExportFormat, head: IteratorResult<ExportRecord>, rest: AsyncIterator<ExportRecord>, tasks: readonly AnyTask[]): AsyncGenerator<string> {
  let batch: ExportRecord[] = [];
  let first = true;
  for (let step = head; !step.done; step = await rest.next()) {
    const r = step.value;
    batch.push(r);
    if (batch.length === EXPORT_CHUNK) {
      yield formatChunk(format, batch, first, tasks);
      [batch, first] = [[], false];
    }
  }
  if (batch.length > 0 || first) yield formatChunk(format, batch, first, tasks);
}
