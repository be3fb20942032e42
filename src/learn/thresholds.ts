/**
 * Decision thresholds tuned on out-of-fold scores. The caller supplies the metric (e.g. the task's
 * official per-article F1 after decoding), so tuning optimises what is reported.
 */

/** Candidate thresholds 0.02, 0.04, … 0.98. */
export const THRESHOLD_GRID: readonly number[] = Array.from({ length: 49 }, (_, k) => Math.round((k + 1) * 2) / 100);

/** The candidate maximising `metric(t)`; ties go to the candidate nearest 0.5. */
export function tuneThreshold(metric: (t: number) => number, grid: readonly number[] = THRESHOLD_GRID): { threshold: number; value: number } {
  let best = { threshold: grid[0], value: -Infinity };
  for (const t of grid) {
    const v = metric(t);
    if (v > best.value + 1e-12 || (Math.abs(v - best.value) <= 1e-12 && Math.abs(t - 0.5) < Math.abs(best.threshold - 0.5))) best = { threshold: t, value: v };
  }
  return best;
}

/**
 * Per-label thresholds by coordinate ascent from a global threshold: each label's threshold moves
 * to the grid value maximising `metric(thresholds)`, then is shrunk toward the global value by
 * support / (support + shrinkage) so rare labels stay near it (less overfitting to a handful of cases).
 */
export function tunePerLabelThresholds(
  global: number,
  support: readonly number[],
  metric: (thresholds: Float64Array) => number,
  options: { shrinkage?: number; rounds?: number; grid?: readonly number[] } = {},
): Float64Array {
  const shrinkage = options.shrinkage ?? 5;
  const grid = options.grid ?? THRESHOLD_GRID;
  const t = new Float64Array(support.length).fill(global);
  for (let round = 0; round < (options.rounds ?? 1); round++) {
    for (let l = 0; l < support.length; l++) {
      if (support[l] === 0) continue;
      const trial = Float64Array.from(t);
      const best = tuneThreshold((x) => {
        trial[l] = x;
        return metric(trial);
      }, grid);
      const w = support[l] / (support[l] + shrinkage);
      t[l] = w * best.threshold + (1 - w) * global;
    }
  }
  return t;
}
