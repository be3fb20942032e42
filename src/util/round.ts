/** Rounding of reported numbers (scores, thresholds, shares) to a fixed number of decimals, one way everywhere. */

/**
 * `value` rounded to `digits` decimals, ties away from zero on the exact decimal value of the double
 * (Number#toFixed), so 0.44375, stored just below 0.44375, gives 0.4437. Math.round(value * 10 ** d)
 * / 10 ** d would give 0.4438 there: the multiplication rounds to the tie first.
 */
export function roundTo(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
