/**
 * The labels shown for an article (issue 17): a pure function of its analysis and decisions giving, per task, the
 * labels shown — each marked as the analyst's (with decision and author) or the model's — and the labels a decision
 * hid. Which labels those are is what the approved export and `train --from-store` use (export/approved.ts,
 * learn/from-store-labels.ts: the latest current decision per target applies); this adds who decided and where
 * authors disagree (a target with a conflict is marked `conflict: true`, the latest decision applied).
 */
import type { EffectiveLabels, ShownLabel, TaskOverlay } from '../api-schema.js';
import { approvedEntities, approvedFrames, approvedGenre, approvedSpans } from '../export/approved.js';
import { approvedRow, latestDecisions } from '../learn/from-store-labels.js';
import type { Analysis } from '../schema.js';
import type { Annotation } from '../store/annotations.js';
import { holds } from '../store/annotation-records.js';
import { OTHER, isOtherSub, parentOf as parentIn } from '../tasks/narratives/taxonomy.js';

type KeyOf = (a: { label: string; entity?: string; span?: { start: number; end: number } }) => string;

const labelKey: KeyOf = (a) => a.label;
const entityKey: KeyOf = (a) => `${a.entity ?? ''}\u0000${a.label}`;
const spanKey: KeyOf = (a) => (a.span ? `${a.label}\u0000${a.span.start}\u0000${a.span.end}` : a.label);

/** One task's current decisions: the latest per target (the one applied) and all of them per target (for conflicts). */
class TaskDecisions {
  readonly latest: Map<string, Annotation>;
  private readonly byTarget = new Map<string, Annotation[]>();

  constructor(
    decisions: readonly Annotation[],
    task: string,
    readonly key: KeyOf,
  ) {
    this.latest = latestDecisions(decisions, task, key);
    for (const a of decisions) if (a.current && a.task === task) this.byTarget.set(key(a), [...(this.byTarget.get(key(a)) ?? []), a]);
  }

  /** What a decision adds to a label: the analyst as its source, and a conflict when authors disagree on the target. */
  marks(d: Annotation): Pick<ShownLabel, 'source' | 'decision' | 'author' | 'at' | 'conflict' | 'decisions'> {
    const all = this.byTarget.get(this.key(d)) ?? [d];
    const conflict = all.some((a) => a.conflictsWith?.length) || new Set(all.map((a) => holds(a.decision))).size > 1;
    return {
      source: 'analyst',
      decision: d.decision,
      author: d.author,
      at: d.createdAt,
      ...(conflict ? { conflict: true, decisions: all.map((a) => ({ author: a.author, decision: a.decision })) } : {}),
    };
  }

  /** A label shown: the analyst's when the decision applied to it says it holds, else the model's. */
  shown(label: Omit<ShownLabel, 'source'>, by?: Annotation): ShownLabel {
    const d = this.latest.get(this.key(label));
    if (d && holds(d.decision)) return { ...label, ...this.marks(d) };
    return by ? { ...label, ...this.marks(by) } : { ...label, source: 'model' };
  }

  /** A label hidden: by its own reject, else by `cause` (the decision that took it away with another label). */
  hidden(label: Omit<ShownLabel, 'source'>, fromModel: boolean, cause?: Annotation): ShownLabel {
    const d = this.latest.get(this.key(label));
    const by = d && !holds(d.decision) ? d : cause;
    return { ...label, ...(by ? this.marks(by) : {}), source: fromModel ? 'model' : 'analyst' };
  }

  /** Rejections of labels the model did not give (rejected before a reanalysis dropped them, or never given). */
  rejectedElsewhere(given: ReadonlySet<string>, labelOf: (d: Annotation) => Omit<ShownLabel, 'source'>): ShownLabel[] {
    return [...this.latest.values()].filter((d) => !holds(d.decision) && !given.has(this.key(d))).map((d) => ({ ...labelOf(d), ...this.marks(d), source: 'analyst' as const }));
  }
}

const isCatchAll = (label: string) => label === OTHER || isOtherSub(label);

function narrativesOverlay(analysis: Analysis, decisions: readonly Annotation[]): TaskOverlay {
  const section = analysis.narratives?.status === 'ok' ? analysis.narratives : undefined;
  const td = new TaskDecisions(decisions, 'narratives', labelKey);
  const row = approvedRow(analysis.article.id, analysis.narratives, decisions).row;
  const model = new Map<string, { score: number; narrative?: string }>([
    ...(section?.narratives ?? []).map((n) => [n.label, { score: n.score }] as const),
    ...(section?.subNarratives ?? []).map((s) => [s.label, { score: s.score, narrative: s.narrative }] as const),
  ]);
  const subs = row.subNarratives.filter((s) => !isCatchAll(s));
  // As approvedRow places an added sub-narrative: under the model's narrative, else the longest narrative it extends, else by its shape.
  const parentOf = (sub: string) => model.get(sub)?.narrative ?? parentIn(sub, row.narratives) ?? sub.slice(0, sub.lastIndexOf(': '));
  const describe = (label: string): Omit<ShownLabel, 'source'> => {
    const m = model.get(label);
    const narrative = m?.narrative ?? (subs.includes(label) ? parentOf(label) : undefined);
    return { label, ...(narrative ? { narrative } : {}), ...(m ? { score: m.score } : {}) };
  };
  // A narrative neither the model gave nor an analyst decided on is there because an added sub-narrative brought it.
  const bringer = (n: string) => [...td.latest.values()].find((d) => holds(d.decision) && subs.includes(d.label) && parentOf(d.label) === n);
  const shown = [...row.narratives.filter((n) => !isCatchAll(n)), ...subs];
  const labels = shown.map((l) => td.shown(describe(l), model.has(l) || td.latest.has(l) ? undefined : bringer(l)));
  const rejected = [...model.keys()]
    .filter((l) => !isCatchAll(l) && !shown.includes(l))
    .map((l) => td.hidden(describe(l), true, td.latest.get(model.get(l)?.narrative ?? '')));
  return { labels, rejected: [...rejected, ...td.rejectedElsewhere(new Set(model.keys()), (d) => ({ label: d.label }))] };
}

type Entity = NonNullable<Analysis['entities']>[number];

/** An entity's roles as labels: its main role, then its fine roles. */
function roleLabels(e: Entity): Omit<ShownLabel, 'source'>[] {
  return [{ entity: e.name, label: e.mainRole, score: e.confidence }, ...e.fineRoles.map((f) => ({ entity: e.name, label: f.role, score: f.score }))];
}

function entitiesOverlay(analysis: Analysis, decisions: readonly Annotation[]): TaskOverlay {
  const td = new TaskDecisions(decisions, 'entities', entityKey);
  const entities = analysis.entities ?? [];
  const approved = approvedEntities(entities, decisions);
  const modelScore = new Map(entities.flatMap(roleLabels).map((l) => [entityKey(l), l.score]));
  const shown = approved.flatMap(roleLabels).map(({ score: _s, ...l }) => {
    const score = modelScore.get(entityKey(l));
    return td.shown({ ...l, ...(score !== undefined ? { score } : {}) });
  });
  // Roles given to entities the model did not find: the approved export keeps the model's entities only.
  const known = new Set(entities.map((e) => e.name));
  const added = [...td.latest.values()].filter((d) => holds(d.decision) && !known.has(d.entity ?? '')).map((d) => td.shown({ entity: d.entity, label: d.label }));
  const kept = new Set(shown.map(entityKey));
  // A role hidden without a reject of its own went with its entity's main role: replaced, or rejected with the entity.
  const mainOf = (name: string) => approved.find((e) => e.name === name)?.mainRole ?? entities.find((e) => e.name === name)?.mainRole;
  const rejected = entities
    .flatMap(roleLabels)
    .filter((l) => !kept.has(entityKey(l)))
    .map((l) => td.hidden(l, true, td.latest.get(entityKey({ entity: l.entity, label: mainOf(l.entity!) ?? '' }))));
  return { labels: [...shown, ...added], rejected: [...rejected, ...td.rejectedElsewhere(new Set(modelScore.keys()), (d) => ({ entity: d.entity, label: d.label }))] };
}

function techniquesOverlay(analysis: Analysis, raw: string, decisions: readonly Annotation[]): TaskOverlay {
  const td = new TaskDecisions(decisions, 'techniques', spanKey);
  const spans = analysis.techniques?.spans ?? [];
  const asLabel = (s: { technique: string; start: number; end: number }, score?: number) => ({ label: s.technique, span: { start: s.start, end: s.end }, ...(score !== undefined ? { score } : {}) });
  const model = new Map(spans.map((s) => [spanKey(asLabel(s)), s.confidence]));
  const approved = approvedSpans(spans, decisions, raw);
  const kept = new Set(approved.map((s) => spanKey(asLabel(s))));
  return {
    labels: approved.map((s) => td.shown(asLabel(s, model.get(spanKey(asLabel(s)))))),
    rejected: [
      ...spans.filter((s) => !kept.has(spanKey(asLabel(s)))).map((s) => td.hidden(asLabel(s, s.confidence), true)),
      ...td.rejectedElsewhere(new Set(model.keys()), (d) => ({ label: d.label, ...(d.span ? { span: d.span } : {}) })),
    ],
  };
}

/** Genre and frames: plain label sets, `approved` the labels left after the decisions. */
function labelSetOverlay(task: string, model: readonly { label: string; score: number }[], approved: readonly string[], decisions: readonly Annotation[]): TaskOverlay {
  const td = new TaskDecisions(decisions, task, labelKey);
  const score = new Map(model.map((m) => [m.label, m.score]));
  const described = (label: string) => ({ label, ...(score.has(label) ? { score: score.get(label) } : {}) });
  // A genre added in place of the model's hides it without a reject on it: the added genre's decision is the cause.
  const cause = [...td.latest.values()].reverse().find((d) => holds(d.decision) && approved.includes(d.label));
  return {
    labels: approved.map((l) => td.shown(described(l))),
    rejected: [
      ...model.filter((m) => !approved.includes(m.label)).map((m) => td.hidden(described(m.label), true, cause)),
      ...td.rejectedElsewhere(new Set(score.keys()), (d) => ({ label: d.label })),
    ],
  };
}

/**
 * The labels shown for an article, per task (narratives, entities, techniques, genre, frames): `annotations` are its
 * decisions (superseded ones are ignored), `raw` its text (the quoted text of an added span).
 */
export function effectiveLabels(analysis: Analysis, raw: string, annotations: readonly Annotation[]): EffectiveLabels {
  const current = annotations.filter((a) => a.current);
  const genre = analysis.genre ? [{ label: analysis.genre.label, score: analysis.genre.scores[analysis.genre.label] ?? 0 }] : [];
  const approvedG = approvedGenre(analysis.genre, current);
  return {
    narratives: narrativesOverlay(analysis, current),
    entities: entitiesOverlay(analysis, current),
    techniques: techniquesOverlay(analysis, raw, current),
    genre: labelSetOverlay('genre', genre, approvedG ? [approvedG] : [], current),
    frames: labelSetOverlay('frames', analysis.frames ?? [], approvedFrames(analysis.frames, current), current),
  };
}
