/**
 * The narratives an analyst approved for an article (issue 17): the model's labels with the current
 * decisions applied — accepted and added labels are in, rejected ones out (a rejected narrative takes
 * its sub-narratives with it; an added sub-narrative brings its narrative) — as a SemEval subtask-2
 * row, the training and export unit of `train narratives --from-store` and `export --approved`.
 * Where several analysts decided on one label, the latest current decision is the one applied.
 */
import type { Annotation } from '../store/annotations.js';
import type { Narratives } from '../schema.js';
import type { Subtask2Row } from '../tasks/narratives/io.js';
import { OTHER, isOtherSub, otherSubOf, parentOf, type Taxonomy } from '../tasks/narratives/taxonomy.js';

/**
 * The decisions that count: the latest current one of `task` per target (`key`: the label, or e.g.
 * entity and label), in the order the targets were first decided on.
 */
export function latestDecisions(annotations: readonly Annotation[], task = 'narratives', key: (a: Annotation) => string = (a) => a.label): Map<string, Annotation> {
  const latest = new Map<string, Annotation>();
  const current = annotations.filter((a) => a.current && a.task === task).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  for (const a of current) latest.set(key(a), a);
  return latest;
}

/** A label's level and, for a sub-narrative, its narrative: from the taxonomy lists, else the model's section, else its shape. */
function levelOf(label: string, lists: Taxonomy | undefined, model: { narratives: Set<string>; subs: Map<string, string> }): { sub: false } | { sub: true; parent: string } {
  if (lists?.narratives.includes(label) || model.narratives.has(label)) return { sub: false };
  const known = [...(lists?.narratives ?? []), ...model.narratives];
  const parent = model.subs.get(label) ?? parentOf(label, known);
  if (parent) return { sub: true, parent };
  // "<CODE>: <narrative>" has one separator, "<CODE>: <narrative>: <sub-narrative>" two.
  const cut = label.lastIndexOf(': ');
  return label.indexOf(': ') === cut ? { sub: false } : { sub: true, parent: label.slice(0, cut) };
}

export interface ApprovedRow {
  row: Subtask2Row;
  /** Decided labels left out because they are not in `lists` (a retired taxonomy's). */
  outside: string[];
}

/**
 * The approved subtask-2 row of an article: its model section (if any) with `decisions` applied.
 * With `lists`, only labels of that taxonomy are kept (the others are named in `outside`).
 */
export function approvedRow(id: string, section: Narratives | undefined, decisions: readonly Annotation[], lists?: Taxonomy): ApprovedRow {
  const ok = section?.status === 'ok';
  const model = {
    narratives: new Set(ok ? section.narratives.map((n) => n.label) : []),
    subs: new Map(ok ? section.subNarratives.map((s) => [s.label, s.narrative] as const) : []),
  };
  const narratives = new Set(model.narratives);
  const subs = new Map(model.subs);
  for (const d of latestDecisions(decisions).values()) {
    if (d.label === OTHER || isOtherSub(d.label)) continue;
    const level = levelOf(d.label, lists, model);
    if (d.decision === 'reject') {
      if (level.sub) subs.delete(d.label);
      else {
        narratives.delete(d.label);
        for (const [s, parent] of subs) if (parent === d.label) subs.delete(s);
      }
    } else if (level.sub) {
      subs.set(d.label, level.parent);
      narratives.add(level.parent);
    } else narratives.add(d.label);
  }
  const outside = lists ? [...narratives, ...subs.keys()].filter((l) => !lists.narratives.includes(l) && !lists.subNarratives.includes(l)) : [];
  const keptN = [...narratives].filter((n) => !outside.includes(n));
  const keptS = [...subs].filter(([s, parent]) => !outside.includes(s) && keptN.includes(parent));
  if (keptN.length === 0) return { row: { id, narratives: [OTHER], subNarratives: [OTHER] }, outside };
  const covered = new Set(keptS.map(([, parent]) => parent));
  return { row: { id, narratives: keptN, subNarratives: [...keptS.map(([s]) => s), ...keptN.filter((n) => !covered.has(n)).map(otherSubOf)] }, outside };
}
