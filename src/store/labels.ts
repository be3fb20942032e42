/**
 * Turns an Analysis into the (task, label, score) rows the store indexes, so a corpus can be
 * filtered and counted by narrative, technique, entity role, genre or frame. Optional parts of the
 * Analysis that are missing simply give no rows.
 */
import type { Analysis } from '../schema.js';
import type { LabelRow } from './types.js';

/** Task names used in the `labels` table. */
export const LABEL_TASKS = ['domain', 'narrative', 'subnarrative', 'technique', 'entity', 'main-role', 'fine-role', 'entity-role', 'genre', 'frame'] as const;
export type LabelTask = (typeof LABEL_TASKS)[number];

/** Extracts one row per (task, label), keeping the highest score when a label occurs more than once. */
export function labelRowsOf(analysis: Analysis): LabelRow[] {
  const best = new Map<string, LabelRow>();
  const add = (task: LabelTask, label: string | undefined, score: number) => {
    if (!label) return;
    const key = `${task}\u0000${label}`;
    const seen = best.get(key);
    if (!seen || score > seen.score) best.set(key, { task, label, score });
  };

  const n = analysis.narratives;
  if (n && n.status === 'ok') {
    if (n.domain) add('domain', n.domain.label, n.domain.score);
    for (const x of n.narratives) add('narrative', x.label, x.score);
    for (const x of n.subNarratives) add('subnarrative', x.label, x.score);
  }
  const t = analysis.techniques;
  if (t) {
    for (const s of t.summary) add('technique', s.technique, s.score);
    for (const s of t.spans) add('technique', s.technique, s.confidence);
  }
  for (const e of analysis.entities ?? []) {
    add('entity', e.name, e.confidence);
    add('main-role', e.mainRole, e.confidence);
    // "<main role>/<name>": ties an entity to its role so a corpus can be counted by who is cast as what.
    add('entity-role', `${e.mainRole}/${e.name}`, e.confidence);
    for (const r of e.fineRoles) add('fine-role', r.role, r.score);
  }
  if (analysis.genre) add('genre', analysis.genre.label, analysis.genre.scores[analysis.genre.label] ?? 1);
  for (const f of analysis.frames ?? []) add('frame', f.label, f.score);
  return [...best.values()];
}

/**
 * The version of what produced an analysis: the schema version and every model's task@version,
 * e.g. "schema@1.0.0,narratives@2" — what a later `reanalyze` compares to find stale analyses.
 */
export function modelVersionOf(analysis: Analysis): string {
  const models = analysis.models.map((m) => `${m.task}@${m.version}`).sort();
  return [`schema@${analysis.schemaVersion}`, ...models].join(',');
}
