/**
 * Hierarchical decoding of label probabilities into a subtask-2 answer:
 * - "Other" / "Other" when no narrative is likely enough (`other` threshold on the best narrative);
 * - otherwise the narratives over their thresholds (at least the best one), optionally only from the
 *   more likely domain;
 * - a sub-narrative over its threshold implies its narrative;
 * - a chosen narrative with no chosen sub-narrative gets "<narrative>: Other".
 */
import type { LabelSpace } from './labels.js';
import { OTHER, otherSubOf } from './taxonomy.js';

export interface DecodeParams {
  /** Below this best-narrative probability the article is "Other". */
  other: number;
  narrative: Float64Array;
  sub: Float64Array;
  /** Keep only the labels of the domain with the higher probability. */
  singleDomain: boolean;
  /** Which probability decides "Other": the best narrative's, or the best domain's. */
  otherBy: 'narrative' | 'domain';
  /**
   * When labels are chosen but the article may still be "Other" (1 − best domain probability at
   * least this), "Other" is listed beside them: under per-article F1 that hedge raises the expected
   * score of uncertain articles. Above 1 it never applies.
   */
  hedgeOther: number;
}

export interface Decoded {
  narratives: string[];
  subNarratives: string[];
  /** Indices into space.narratives / space.subNarratives of the chosen labels. */
  narrativeIds: number[];
  subIds: number[];
}

/** Decodes one article's probability vector (ordered as in labels.ts). */
export function decodeLabels(p: ArrayLike<number>, space: LabelSpace, params: DecodeParams): Decoded {
  const D = space.domains.length;
  const N = space.narratives.length;
  const S = space.subNarratives.length;
  let best = -1;
  for (let n = 0; n < N; n++) if (best < 0 || p[D + n] > p[D + best]) best = n;
  const gate = params.otherBy === 'domain' ? Math.max(p[0], p[1]) : best < 0 ? 0 : p[D + best];
  if (best < 0 || gate < params.other) return { narratives: [OTHER], subNarratives: [OTHER], narrativeIds: [], subIds: [] };
  const domainOk = (name: string) => {
    if (!params.singleDomain) return true;
    const d = p[0] >= p[1] ? space.domains[0] : space.domains[1];
    return name.startsWith(`${d}: `);
  };
  const onN = new Set<number>();
  for (let n = 0; n < N; n++) if (p[D + n] >= params.narrative[n] && domainOk(space.narratives[n])) onN.add(n);
  const subIds: number[] = [];
  for (let s = 0; s < S; s++) {
    if (p[D + N + s] >= params.sub[s] && domainOk(space.subNarratives[s])) {
      subIds.push(s);
      onN.add(space.parent[s]);
    }
  }
  if (onN.size === 0) onN.add(best);
  const narrativeIds = [...onN].sort((a, b) => a - b);
  const covered = new Set(subIds.map((s) => space.parent[s]));
  const subNarratives = subIds.map((s) => space.subNarratives[s]);
  for (const n of narrativeIds) if (!covered.has(n)) subNarratives.push(otherSubOf(space.narratives[n]));
  const narratives = narrativeIds.map((n) => space.narratives[n]);
  if (1 - Math.max(p[0], p[1]) >= params.hedgeOther) {
    narratives.push(OTHER);
    subNarratives.push(OTHER);
  }
  return { narratives, subNarratives, narrativeIds, subIds };
}
