/**
 * The label space a narrative model scores: the two domains, the narratives and the specific
 * sub-narratives seen in training ("Other" and "<narrative>: Other" are not scored; decoding
 * produces them). Score vectors are ordered [domains…, narratives…, sub-narratives…].
 */
import { DOMAINS, OTHER, domainOf, isOtherSub, parentOf, type Domain } from './taxonomy.js';
import type { Subtask2Row } from './io.js';

export interface LabelSpace {
  readonly domains: readonly Domain[];
  readonly narratives: readonly string[];
  readonly subNarratives: readonly string[];
  /** Index into `narratives` of each sub-narrative's parent. */
  readonly parent: readonly number[];
}

/**
 * Builds the label space from training rows (labels sorted for a stable model layout). With
 * `scoreOtherSubs`, "<narrative>: Other" is scored like any sub-narrative (it often stands beside
 * specific ones in the gold data), rather than only produced when no specific one is chosen.
 */
export function buildLabelSpace(rows: readonly Subtask2Row[], taxonomyNarratives: readonly string[], scoreOtherSubs = false): LabelSpace {
  const narr = new Set<string>();
  const subs = new Set<string>();
  for (const r of rows) {
    for (const n of r.narratives) if (n !== OTHER) narr.add(n);
    for (const s of r.subNarratives) if (s !== OTHER && (scoreOtherSubs || !isOtherSub(s))) subs.add(s);
  }
  for (const s of subs) {
    const p = parentOf(s, taxonomyNarratives);
    if (p) narr.add(p);
  }
  const narratives = [...narr].sort();
  const subNarratives = [...subs].filter((s) => parentOf(s, narratives) !== null).sort();
  const parent = subNarratives.map((s) => narratives.indexOf(parentOf(s, narratives)!));
  return { domains: DOMAINS, narratives, subNarratives, parent };
}

export function labelCount(space: LabelSpace): number {
  return space.domains.length + space.narratives.length + space.subNarratives.length;
}

/** Names of all scored labels in score-vector order. */
export function labelNames(space: LabelSpace): string[] {
  return [...space.domains, ...space.narratives, ...space.subNarratives];
}

/** Score-vector indices of the labels of a gold row. */
export function rowTargets(row: Subtask2Row, space: LabelSpace): number[] {
  const D = space.domains.length;
  const N = space.narratives.length;
  const out = new Set<number>();
  for (const n of row.narratives) {
    const k = space.narratives.indexOf(n);
    if (k >= 0) out.add(D + k);
    const d = domainOf(n);
    if (d) out.add(space.domains.indexOf(d));
  }
  for (const s of row.subNarratives) {
    const k = space.subNarratives.indexOf(s);
    if (k >= 0) {
      out.add(D + N + k);
      out.add(D + space.parent[k]);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * How sub-narrative scores relate to their parents (see train.ts): 'flat' one-vs-rest over all
 * articles; 'conditional' P(parent) × P(sub | parent); 'blend' the mean of the two (the model then
 * scores each sub-narrative twice: the flat scores come first, the conditional ones after them).
 */
export type SubModel = 'flat' | 'conditional' | 'blend';

/** Names of the outputs of a model's linear layer: labelNames, plus the conditional copies in 'blend'. */
export function scoredLabelNames(space: LabelSpace, mode: SubModel | undefined): string[] {
  const names = labelNames(space);
  return mode === 'blend' ? [...names, ...space.subNarratives.map((s) => `${s} | given its narrative`)] : names;
}

/**
 * Turns raw per-output probabilities into label probabilities, ordered as labelNames (any extra
 * outputs after them are left as they are and ignored by decoding). Changes `p` in place and returns it.
 */
export function applySubModel(p: Float64Array, space: LabelSpace, mode: SubModel | undefined): Float64Array {
  if (mode !== 'conditional' && mode !== 'blend') return p;
  const D = space.domains.length;
  const N = space.narratives.length;
  const S = space.subNarratives.length;
  for (let s = 0; s < S; s++) {
    const parent = p[D + space.parent[s]];
    p[D + N + s] = mode === 'conditional' ? parent * p[D + N + s] : 0.5 * p[D + N + s] + 0.5 * parent * p[D + N + S + s];
  }
  return p;
}
