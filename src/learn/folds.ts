/**
 * Seeded k-fold splits. `stratifiedKFold` is iterative stratification for multi-label data
 * (Sechidis, Tsoumakas & Vlahavas 2011): rarest labels are placed first, each example going to the
 * fold that most needs its label, so every fold sees a fair share of rare labels.
 */
import { seededRandom, shuffle } from './random.js';

/** Fold number (0..k-1) of each of `n` examples, shuffled with `seed`. */
export function kFold(n: number, k: number, seed: number): Int32Array {
  if (k < 2 || k > n) throw new Error(`kFold: need 2 <= k <= n (k=${k}, n=${n})`);
  const order = shuffle(Array.from({ length: n }, (_, i) => i), seededRandom(seed));
  const fold = new Int32Array(n);
  order.forEach((item, pos) => (fold[item] = pos % k));
  return fold;
}

/** Fold number of each example, stratified over the label sets `labels[i]` (label ids). */
export function stratifiedKFold(labels: readonly (readonly number[])[], k: number, seed: number): Int32Array {
  const n = labels.length;
  if (k < 2 || k > n) throw new Error(`stratifiedKFold: need 2 <= k <= n (k=${k}, n=${n})`);
  const rand = seededRandom(seed);
  const fold = new Int32Array(n).fill(-1);
  const numLabels = labels.reduce((m, ls) => Math.max(m, ...ls.map((l) => l + 1)), 0);
  const perLabel = new Array<number>(numLabels).fill(0);
  for (const ls of labels) for (const l of new Set(ls)) perLabel[l]++;
  const desiredFold = new Array<number>(k).fill(n / k);
  const desiredLabel = Array.from({ length: k }, () => perLabel.map((c) => c / k));
  const remaining = new Set(shuffle(Array.from({ length: n }, (_, i) => i), rand));
  const remainingCount = [...perLabel];
  const pick = (candidates: number[]) => candidates[Math.floor(rand() * candidates.length)];
  const argmaxes = (vals: number[], among: number[]) => {
    const best = Math.max(...among.map((f) => vals[f]));
    return among.filter((f) => vals[f] === best);
  };
  while (remaining.size > 0) {
    // The rarest label still to place (ties broken by label id for determinism).
    let label = -1;
    for (let l = 0; l < numLabels; l++) if (remainingCount[l] > 0 && (label < 0 || remainingCount[l] < remainingCount[label])) label = l;
    const items = label < 0 ? [...remaining] : [...remaining].filter((i) => labels[i].includes(label));
    for (const i of items) {
      let cands = Array.from({ length: k }, (_, f) => f);
      if (label >= 0) cands = argmaxes(desiredLabel.map((d) => d[label]), cands);
      cands = argmaxes(desiredFold, cands);
      const f = pick(cands);
      fold[i] = f;
      remaining.delete(i);
      desiredFold[f]--;
      for (const l of new Set(labels[i])) {
        desiredLabel[f][l]--;
        remainingCount[l]--;
      }
    }
  }
  return fold;
}

/** Indices of the training and held-out examples of fold `f`. */
export function foldSplit(fold: Int32Array, f: number): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  fold.forEach((g, i) => (g === f ? test : train).push(i));
  return { train, test };
}
