/**
 * The dominant narrative of an article (SemEval-2025 Task 10 subtask 3): one of the chosen
 * narratives and, when one of its specific sub-narratives was chosen, that sub-narrative
 * ("<narrative>: Other" otherwise), and the reason it was chosen, for readers.
 */
import type { LabelSpace } from './labels.js';
import type { Decoded, DecodeParams } from './decode.js';
import { OTHER, isOtherSub } from './taxonomy.js';

/**
 * 'narrative': the most probable chosen narrative, then its most probable chosen sub-narrative.
 * 'sub': the most probable chosen sub-narrative anywhere (its parent is the narrative), else the most
 * probable chosen narrative.
 * 'combined': the chosen narrative with the highest sum of its probability and that of its most
 * probable chosen sub-narrative (0 without one), then that sub-narrative. Cross-validated against the subtask-3 gold in bench/narratives.mjs.
 */
export type DominantRule = 'narrative' | 'sub' | 'combined';

/** The rules in order of preference on ties (train.ts chooseDominantRule picks one inside training). */
export const DOMINANT_RULES: readonly DominantRule[] = ['combined', 'narrative', 'sub'];

/** The narratives and specific sub-narratives the dominant one is picked from (dominantCandidates). */
export interface DominantCandidates {
  narrativeIds: number[];
  specificSubs: number[];
  /** True when the article was decoded as "Other" and the candidates are the labels over their own thresholds. */
  belowOther: boolean;
}

/**
 * The labels the dominant narrative is picked from: the decoded narratives and their specific
 * sub-narratives; when the article was decoded as "Other" (its best narrative, or domain, below the
 * "Other" gate), the narratives and specific sub-narratives that still clear their own thresholds
 * (a sub-narrative brings its narrative), so an article with a narrative over its threshold always
 * gets a dominant one. Empty when none clears its threshold.
 */
export function dominantCandidates(p: ArrayLike<number>, labels: LabelSpace, params: DecodeParams, decoded: Decoded): DominantCandidates {
  const specific = (s: number) => !isOtherSub(labels.subNarratives[s]);
  if (decoded.narrativeIds.length) return { narrativeIds: decoded.narrativeIds, specificSubs: decoded.subIds.filter(specific), belowOther: false };
  const D = labels.domains.length;
  const N = labels.narratives.length;
  const on = new Set<number>();
  const subs: number[] = [];
  labels.subNarratives.forEach((_, s) => {
    if (p[D + N + s] < params.sub[s]) return;
    on.add(labels.parent[s]);
    if (specific(s)) subs.push(s);
  });
  labels.narratives.forEach((_, n) => {
    if (p[D + n] >= params.narrative[n]) on.add(n);
  });
  return { narrativeIds: [...on].sort((a, b) => a - b), specificSubs: subs, belowOther: on.size > 0 };
}

export interface Dominant {
  /** Index into labels.narratives. */
  narrative: number;
  /** Index into labels.subNarratives, or null for "<narrative>: Other". */
  sub: number | null;
}

/**
 * Picks the dominant pair from probabilities `p` (score-vector order, labels.ts), the chosen
 * narrative indices and the chosen specific sub-narrative indices. Null when no narrative is chosen.
 */
export function chooseDominant(p: ArrayLike<number>, labels: LabelSpace, narrativeIds: readonly number[], specificSubs: readonly number[], rule: DominantRule): Dominant | null {
  if (narrativeIds.length === 0) return null;
  const D = labels.domains.length;
  const N = labels.narratives.length;
  const bySub = (a: number, b: number) => p[D + N + b] - p[D + N + a] || a - b;
  const byNarrative = (a: number, b: number) => p[D + b] - p[D + a] || a - b;
  if (rule === 'sub') {
    const bestSub = [...specificSubs].sort(bySub)[0];
    if (bestSub !== undefined) return { narrative: labels.parent[bestSub], sub: bestSub };
    return { narrative: [...narrativeIds].sort(byNarrative)[0], sub: null };
  }
  const bestSubOf = (n: number) => bestSubOfNarrative(p, labels, specificSubs, n);
  if (rule === 'narrative') {
    const narrative = [...narrativeIds].sort(byNarrative)[0];
    return { narrative, sub: bestSubOf(narrative) ?? null };
  }
  const strength = (n: number) => combinedStrength(p, labels, specificSubs, n);
  const narrative = [...narrativeIds].sort((a, b) => strength(b) - strength(a) || a - b)[0];
  return { narrative, sub: bestSubOf(narrative) ?? null };
}

/** The most probable chosen specific sub-narrative of narrative `n`, if any. */
function bestSubOfNarrative(p: ArrayLike<number>, labels: LabelSpace, specificSubs: readonly number[], n: number): number | undefined {
  const S0 = labels.domains.length + labels.narratives.length;
  return specificSubs.filter((s) => labels.parent[s] === n).sort((a, b) => p[S0 + b] - p[S0 + a] || a - b)[0];
}

/** The 'combined' rule's strength of narrative `n`: its probability plus its best sub-narrative's (0 without one). */
function combinedStrength(p: ArrayLike<number>, labels: LabelSpace, specificSubs: readonly number[], n: number): number {
  const s = bestSubOfNarrative(p, labels, specificSubs, n);
  return p[labels.domains.length + n] + (s === undefined ? 0 : p[labels.domains.length + labels.narratives.length + s]);
}

/** Two decimals, as the report shows scores. */
const f2 = (v: number): string => v.toFixed(2);

/**
 * Why `pick` is dominant under `rule`, in one sentence a reader can check against the listed scores:
 * whether it is also the highest-scoring narrative, and the sums that decided when it is not.
 */
export function dominantReason(p: ArrayLike<number>, labels: LabelSpace, narrativeIds: readonly number[], specificSubs: readonly number[], pick: Dominant, rule: DominantRule): string {
  const D = labels.domains.length;
  const N = labels.narratives.length;
  if (narrativeIds.length === 1) return 'the only narrative chosen';
  if (rule === 'narrative') return `the highest-scoring of the ${narrativeIds.length} chosen narratives (${f2(p[D + pick.narrative])})`;
  if (rule === 'sub' && pick.sub !== null) return `its sub-narrative scores highest of all chosen sub-narratives (${f2(p[D + N + pick.sub])})`;
  const total = (n: number) => combinedStrength(p, labels, specificSubs, n);
  const sum = (n: number) => {
    const s = bestSubOfNarrative(p, labels, specificSubs, n);
    return `${f2(p[D + n])} + ${s === undefined ? '0 (no specific sub-narrative)' : f2(p[D + N + s])} = ${f2(total(n))}`;
  };
  const top = [...narrativeIds].sort((a, b) => p[D + b] - p[D + a] || a - b)[0];
  const runnerUp = narrativeIds.filter((n) => n !== pick.narrative).sort((a, b) => total(b) - total(a) || a - b)[0];
  const why = `narrative plus best sub-narrative score ${sum(pick.narrative)}, against ${labels.narratives[runnerUp]} ${sum(runnerUp)}`;
  if (top === pick.narrative) return `the highest-scoring narrative, and the strongest with its best sub-narrative: ${why}`;
  return `not the highest-scoring narrative (${labels.narratives[top]}, ${f2(p[D + top])}), but the strongest with its best sub-narrative: ${why}`;
}

/** The dominant pair as the subtask-3 labels: narrative and sub-narrative names. */
export function dominantNames(d: Dominant, labels: LabelSpace): { narrative: string; subNarrative: string } {
  const narrative = labels.narratives[d.narrative];
  return { narrative, subNarrative: d.sub === null ? `${narrative}: ${OTHER}` : labels.subNarratives[d.sub] };
}
