/**
 * The dominant narrative of an article (SemEval-2025 Task 10 subtask 3): one of the chosen
 * narratives and, when one of its specific sub-narratives was chosen, that sub-narrative
 * ("<narrative>: Other" otherwise).
 */
import type { LabelSpace } from './labels.js';
import { OTHER } from './taxonomy.js';

/**
 * 'narrative': the most probable chosen narrative, then its most probable chosen sub-narrative.
 * 'sub': the most probable chosen sub-narrative anywhere (its parent is the narrative), else the most
 * probable chosen narrative.
 * 'combined': the chosen narrative with the highest sum of its probability and that of its most
 * probable chosen sub-narrative (0 without one), then that sub-narrative. Cross-validated against the subtask-3 gold in bench/narratives.mjs.
 */
export type DominantRule = 'narrative' | 'sub' | 'combined';

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
  const bestSubOf = (n: number): number | undefined => specificSubs.filter((s) => labels.parent[s] === n).sort(bySub)[0];
  if (rule === 'narrative') {
    const narrative = [...narrativeIds].sort(byNarrative)[0];
    return { narrative, sub: bestSubOf(narrative) ?? null };
  }
  const strength = (n: number) => {
    const s = bestSubOf(n);
    return p[D + n] + (s === undefined ? 0 : p[D + N + s]);
  };
  const narrative = [...narrativeIds].sort((a, b) => strength(b) - strength(a) || a - b)[0];
  return { narrative, sub: bestSubOf(narrative) ?? null };
}

/** The dominant pair as the subtask-3 labels: narrative and sub-narrative names. */
export function dominantNames(d: Dominant, labels: LabelSpace): { narrative: string; subNarrative: string } {
  const narrative = labels.narratives[d.narrative];
  return { narrative, subNarrative: d.sub === null ? `${narrative}: ${OTHER}` : labels.subNarratives[d.sub] };
}
