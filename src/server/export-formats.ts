/**
 * Export of a filtered set: JSONL, CSV, and the SemEval submission formats, written a chunk of
 * records at a time so an export of the whole corpus never sits in memory.
 */
import { basename } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { offsetConverter } from '../doc/offsets.js';
import type { ExportRecord } from '../store/queries.js';
import { formatSubtask2 } from '../tasks/narratives/io.js';
import { formatAnnotation } from '../tasks/entities/io.js';
import { formatSpanLabels } from '../tasks/techniques/io.js';
import type { EXPORT_FORMATS } from './schemas.js';

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT: Record<ExportFormat, { type: string; extension: string }> = {
  jsonl: { type: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  'semeval-subtask2': { type: 'text/tab-separated-values; charset=utf-8', extension: 'txt' },
  'semeval-subtask1': { type: 'text/tab-separated-values; charset=utf-8', extension: 'txt' },
  'semeval-spans': { type: 'text/tab-separated-values; charset=utf-8', extension: 'txt' },
};

/** The article's name in SemEval files: its file name when it came from a .txt file, else its id. */
export function semevalId(r: ExportRecord): string {
  return r.origin.path && r.origin.path.endsWith('.txt') ? basename(r.origin.path) : r.id;
}

/** The body after the title line, so a JSONL export can be ingested again as is. */
function bodyOf(raw: string): string {
  const nl = raw.indexOf('\n');
  return nl < 0 ? '' : raw.slice(nl + 1).replace(/^\r?\n/, '');
}

const CSV_COLUMNS = [
  'id', 'title', 'source', 'url', 'published_at', 'language', 'domain', 'narratives', 'sub_narratives',
  'dominant_narrative', 'techniques', 'entities', 'genre', 'frames', 'removed_boilerplate', 'attributed_to',
];

function csvRow(r: ExportRecord): Record<string, string> {
  const a = r.analysis;
  const n = a.narratives?.status === 'ok' ? a.narratives : undefined;
  const join = (xs: string[]) => xs.join('; ');
  return {
    id: r.id,
    title: r.title,
    source: r.source ?? '',
    url: r.url ?? '',
    published_at: r.publishedAt ?? '',
    language: r.language,
    domain: n?.domain?.label ?? '',
    narratives: join(n?.narratives.map((x) => x.label) ?? []),
    sub_narratives: join(n?.subNarratives.map((x) => x.label) ?? []),
    dominant_narrative: n?.dominant ? `${n.dominant.narrative} / ${n.dominant.subNarrative}` : '',
    techniques: join(a.techniques?.summary.map((t) => `${t.technique} (${t.count})`) ?? []),
    entities: join(a.entities?.map((e) => `${e.name}: ${e.mainRole}`) ?? []),
    genre: a.genre?.label ?? '',
    frames: join(a.frames?.map((f) => f.label) ?? []),
    removed_boilerplate: String(a.cleaning.removed.length),
    attributed_to: join(a.provenance.attributedTo.map((x) => x.outlet)),
  };
}

/**
 * Formats one chunk of records. `first` says whether this is the start of the file (CSV header).
 * SemEval formats leave out articles the relevant model did not label, rather than inventing "Other".
 */
export function formatChunk(format: ExportFormat, records: readonly ExportRecord[], first: boolean): string {
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
      return stringify(records.map(csvRow), { header: first, columns: CSV_COLUMNS });
    case 'semeval-subtask2':
      return formatSubtask2(
        records
          .filter((r) => r.analysis.narratives?.status === 'ok')
          .map((r) => {
            const n = r.analysis.narratives!;
            const narratives = n.narratives.map((x) => x.label);
            const subNarratives = n.subNarratives.map((x) => x.label);
            return {
              id: semevalId(r),
              narratives: narratives.length ? narratives : ['Other'],
              subNarratives: subNarratives.length ? subNarratives : ['Other'],
            };
          }),
      );
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
