/**
 * Turns main-role and fine-role probabilities into one main role and a set of fine roles that
 * belong to it: the main role is chosen first (its probability, plus a tuned bias, plus a tuned
 * share of its best fine role's probability), then its best fine role, then any further fine roles
 * of the same main role that clear the tuned thresholds.
 */
import type { RoleTaxonomy } from './taxonomy.js';

export interface DecodeParams {
  /** Weight of the best fine-role probability in the main-role choice. */
  gamma: number;
  /** Added to each main role's score. */
  mainBias: number[];
  /** A second (third) fine role needs at least this probability… */
  second: number;
  /** …and at least this fraction of the best fine role's probability. */
  ratio: number;
}

export const DEFAULT_DECODE: DecodeParams = { gamma: 0, mainBias: [0, 0, 0], second: 0.5, ratio: 0.8 };

export interface Decoded {
  main: number;
  /** Fine-role ids, best first. */
  fine: number[];
  mainScore: number;
}

/** Fine-role ids of each main role (taxonomy order). */
export function fineGroups(tax: RoleTaxonomy): number[][] {
  return tax.mainRoles.map((m) => tax.fineRoles.map((f, i) => (tax.mainOf.get(f) === m ? i : -1)).filter((i) => i >= 0));
}

export function decodeRoles(pMain: ArrayLike<number>, pFine: ArrayLike<number>, groups: readonly number[][], p: DecodeParams): Decoded {
  let main = 0;
  let best = -Infinity;
  for (let m = 0; m < groups.length; m++) {
    let top = 0;
    for (const f of groups[m]) top = Math.max(top, pFine[f]);
    const s = pMain[m] + p.mainBias[m] + p.gamma * top;
    if (s > best) {
      best = s;
      main = m;
    }
  }
  const ranked = [...groups[main]].sort((a, b) => pFine[b] - pFine[a]);
  const fine = [ranked[0]];
  for (let k = 1; k < Math.min(3, ranked.length); k++) {
    const q = pFine[ranked[k]];
    if (q >= p.second && q >= p.ratio * pFine[ranked[0]]) fine.push(ranked[k]);
    else break;
  }
  return { main, fine, mainScore: pMain[main] };
}
