/**
 * `narrascope export --approved` (issue 17): the articles analysts decided on, with their effective
 * labels — the model's, with the current decisions applied (the analyst's label wherever one exists) —
 * as JSONL and in the SemEval formats, so a team's work can be shared and scored with the official
 * scorers. A SemEval file holds the articles with a decision on its task (subtask 2: narratives,
 * subtask 1: entity roles, spans: techniques); JSONL every article with any decision, and the decisions.
 */
import type { Analysis } from '../schema.js';
import type { Annotation, AnnotationStore } from '../store/annotations.js';
import type { CorpusFilter, ExportRecord } from '../store/queries.js';
import { approvedRow, latestDecisions } from '../learn/from-store-labels.js';
import { bodyOf, EXPORT_CHUNK, formatChunk, semevalId, type ExportFormat } from './formats.js';

export const APPROVED_FORMATS = ['jsonl', 'semeval-subtask2', 'semeval-subtask1', 'semeval-spans'] as const satisfies readonly ExportFormat[];
export type ApprovedFormat = (typeof APPROVED_FORMATS)[number];

/** The task whose decisions put an article in a format's file (null: any task). */
const FORMAT_TASK: Record<ApprovedFormat, string | null> = { jsonl: null, 'semeval-subtask2': 'narratives', 'semeval-subtask1': 'entities', 'semeval-spans': 'techniques' };

const MAIN_ROLES: readonly string[] = ['Protagonist', 'Antagonist', 'Innocent'];

/** What the approved export reads of a storage engine. */
export interface ApprovedSource {
  exportRecords(filter: CorpusFilter, limit?: number): AsyncIterable<ExportRecord>;
  readonly annotations: Pick<AnnotationStore, 'allAnnotations'>;
}

type Entity = NonNullable<Analysis['entities']>[number];
type TechniqueSpan = NonNullable<Analysis['techniques']>['spans'][number];

/** The entities with the role decisions applied; an entity whose main role was rejected and not replaced is left out. */
export function approvedEntities(entities: readonly Entity[], decisions: readonly Annotation[]): Entity[] {
  const latest = [...latestDecisions(decisions, 'entities', (a) => `${a.entity ?? ''}\u0000${a.label}`).values()];
  return entities.flatMap((e) => {
    const mine = latest.filter((d) => d.entity === e.name);
    let main: string | null = e.mainRole;
    let fine = [...e.fineRoles];
    for (const d of mine) {
      const isMain = MAIN_ROLES.includes(d.label);
      if (d.decision === 'reject') {
        if (isMain && main === d.label) main = null;
        if (!isMain) fine = fine.filter((f) => f.role !== d.label);
      } else if (isMain) main = d.label;
      else if (!fine.some((f) => f.role === d.label)) fine.push({ role: d.label, score: 1 });
    }
    return main ? [{ ...e, mainRole: main as Entity['mainRole'], fineRoles: fine }] : [];
  });
}

/** The technique spans with the span decisions applied: a rejected span (same technique and offsets) out, an added one in. */
export function approvedSpans(spans: readonly TechniqueSpan[], decisions: readonly Annotation[], raw: string): TechniqueSpan[] {
  const keyOf = (technique: string, s: { start: number; end: number }) => `${technique}\u0000${s.start}\u0000${s.end}`;
  const out = new Map(spans.map((s) => [keyOf(s.technique, s), s] as const));
  for (const d of latestDecisions(decisions, 'techniques', (a) => (a.span ? keyOf(a.label, a.span) : a.label)).values()) {
    if (!d.span) continue;
    const key = keyOf(d.label, d.span);
    if (d.decision === 'reject') out.delete(key);
    else if (!out.has(key)) out.set(key, { start: d.span.start, end: d.span.end, technique: d.label, confidence: 1, source: `analyst:${d.author}`, text: raw.slice(d.span.start, d.span.end) });
  }
  return [...out.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The genre with the decisions applied: an accepted or added genre, else the model's unless rejected. */
export function approvedGenre(genre: Analysis['genre'], decisions: readonly Annotation[]): string | null {
  let label = genre?.label ?? null;
  for (const d of latestDecisions(decisions, 'genre').values()) {
    if (d.decision === 'reject' && d.label === label) label = null;
    else if (d.decision !== 'reject') label = d.label;
  }
  return label;
}

/** The frames with the decisions applied. */
export function approvedFrames(frames: Analysis['frames'], decisions: readonly Annotation[]): string[] {
  const set = new Set((frames ?? []).map((f) => f.label));
  for (const d of latestDecisions(decisions, 'frames').values()) {
    if (d.decision === 'reject') set.delete(d.label);
    else set.add(d.label);
  }
  return [...set];
}

/** The record's analysis with its narratives, entities and techniques as approved (what the SemEval writers read). */
export function approvedAnalysis(r: ExportRecord, decisions: readonly Annotation[]): Analysis {
  const a = r.analysis;
  const row = approvedRow(semevalId(r), a.narratives, decisions).row;
  const narratives: Analysis['narratives'] = { status: 'ok', domain: a.narratives?.domain ?? null, narratives: [], subNarratives: [], dominant: null, ...(a.narratives?.model ? { model: a.narratives.model } : {}), semeval: { narratives: row.narratives, subNarratives: row.subNarratives } };
  return {
    ...a,
    narratives,
    entities: approvedEntities(a.entities ?? [], decisions),
    ...(a.techniques ? { techniques: { ...a.techniques, spans: approvedSpans(a.techniques.spans, decisions, r.raw) } } : {}),
  };
}

/** One JSONL line: the article, its effective labels per task, and the current decisions behind them. */
function jsonlLine(r: ExportRecord, decisions: readonly Annotation[]): string {
  const a = approvedAnalysis(r, decisions);
  return `${JSON.stringify({
    id: r.id,
    title: r.title,
    text: bodyOf(r.raw),
    url: r.url,
    source: r.source,
    published_at: r.publishedAt,
    language: r.language,
    narratives: a.narratives?.semeval,
    entities: (a.entities ?? []).map((e) => ({ name: e.name, mainRole: e.mainRole, fineRoles: e.fineRoles.map((f) => f.role) })),
    techniques: (a.techniques?.spans ?? []).map((s) => ({ technique: s.technique, start: s.start, end: s.end, text: s.text })),
    genre: approvedGenre(r.analysis.genre, decisions),
    frames: approvedFrames(r.analysis.frames, decisions),
    decisions: decisions.filter((d) => d.current).map((d) => ({ task: d.task, label: d.label, ...(d.entity ? { entity: d.entity } : {}), ...(d.span ? { span: d.span } : {}), decision: d.decision, author: d.author, createdAt: d.createdAt })),
  })}\n`;
}

/** Every current decision, by article. */
async function decisionsByArticle(source: ApprovedSource): Promise<Map<string, Annotation[]>> {
  const by = new Map<string, Annotation[]>();
  for await (const a of source.annotations.allAnnotations()) {
    const list = by.get(a.articleId) ?? [];
    list.push(a);
    by.set(a.articleId, list);
  }
  return by;
}

/** The stored records (under the filter) with a decision on the format's task, and those decisions; at most `limit`. */
async function* approvedRecords(source: ApprovedSource, format: ApprovedFormat, filter: CorpusFilter, limit?: number): AsyncGenerator<{ record: ExportRecord; decisions: Annotation[] }> {
  const byArticle = await decisionsByArticle(source);
  const task = FORMAT_TASK[format];
  let n = 0;
  for await (const record of source.exportRecords(filter)) {
    if (limit !== undefined && n >= limit) return;
    const decisions = byArticle.get(record.id);
    if (!decisions || (task && !decisions.some((d) => d.task === task))) continue;
    n++;
    yield { record, decisions };
  }
}

/** Formats one chunk: JSONL lines, or the SemEval writers of formats.ts over the approved analyses. */
function approvedChunk(format: ApprovedFormat, chunk: readonly { record: ExportRecord; decisions: Annotation[] }[]): string {
  if (format === 'jsonl') return chunk.map((c) => jsonlLine(c.record, c.decisions)).join('');
  return formatChunk(format, chunk.map((c) => ({ ...c.record, analysis: approvedAnalysis(c.record, c.decisions) })), false);
}

/**
 * The approved export as text chunks of EXPORT_CHUNK articles (`count.n` counts them). The first
 * article is read at once, so a bad filter throws here, before any byte is written (as exportChunks does).
 */
export async function approvedChunks(format: ApprovedFormat, source: ApprovedSource, filter: CorpusFilter, limit?: number, count = { n: 0 }): Promise<AsyncGenerator<string>> {
  const it = approvedRecords(source, format, filter, limit);
  const head = await it.next();
  return (async function* () {
    let batch: { record: ExportRecord; decisions: Annotation[] }[] = [];
    for (let step = head; !step.done; step = await it.next()) {
      batch.push(step.value);
      count.n++;
      if (batch.length === EXPORT_CHUNK) {
        yield approvedChunk(format, batch);
        batch = [];
      }
    }
    if (batch.length) yield approvedChunk(format, batch);
  })();
}

/** Whether a format has an approved export (CSV has none: its columns are the model's scores). */
export function isApprovedFormat(format: string): format is ApprovedFormat {
  return (APPROVED_FORMATS as readonly string[]).includes(format);
}
