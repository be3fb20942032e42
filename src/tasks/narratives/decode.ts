/**
 * Hierarchical decoding of label probabilities into a subtask-2 answer:
 * - "Other" / "Other" when no narrative is likely enough (`other` threshold on the best narrative);
 * - otherwise the narratives over their thresholds (at least the best one), optionally only from the
 *   more likely domain;
 * - a sub-narrative over its threshold implies its narrative;
 * - a chosen narrative with no chosen sub-narrative gets "<narrative>: Other".
 */
import { expectedF1Set } from '../../learn/multilabel.js';
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
  /**
   * How labels are chosen once the article is not "Other": 'thresholds' (per-label thresholds,
   * the default) or 'expectedF1': per level, the k most probable labels for the k that maximises
   * the expected per-article F1 under the (power-calibrated) probabilities, ≈ 2·Σtop-k p / (k + Σp)
   * (Jansche 2007; Ye et al. 2012). It adapts the number of labels to each article.
   * 'expectedF1Narratives' / 'expectedF1Subs': that rule for one level, thresholds for the other.
   */
  rule?: 'thresholds' | 'expectedF1' | 'expectedF1Narratives' | 'expectedF1Subs';
  /** Calibration exponents of narrative and sub-narrative probabilities for 'expectedF1'. */
  gammaN?: number;
  gammaS?: number;
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
  const subIds: number[] = [];
  const rule = params.rule ?? 'thresholds';
  if (rule === 'expectedF1' || rule === 'expectedF1Narratives') {
    const gN = params.gammaN ?? 1;
    const qN = Array.from({ length: N }, (_, n) => p[D + n] ** gN);
    for (const n of expectedF1Set(qN, qN.map((_, n) => n).filter((n) => domainOk(space.narratives[n])))) onN.add(n);
  } else {
    for (let n = 0; n < N; n++) if (p[D + n] >= params.narrative[n] && domainOk(space.narratives[n])) onN.add(n);
  }
  if (rule === 'expectedF1' || rule === 'expectedF1Subs') {
    const gS = params.gammaS ?? 1;
    const qS = Array.from({ length: S }, (_, s) => p[D + N + s] ** gS);
    for (const s of expectedF1Set(qS, qS.map((_, s) => s).filter((s) => domainOk(space.subNarratives[s]))).sort((a, b) => a - b)) {
      subIds.push(s);
      onN.add(space.parent[s]);
    }
  } else {
    for (let s = 0; s < S; s++) {
      if (p[D + N + s] >= params.sub[s] && domainOk(space.subNarratives[s])) {
        subIds.push(s);
        onN.add(space.parent[s]);
      }
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
