/** Bounded edit distance (optimal string alignment: insert, delete, substitute, swap two neighbours) between two short words. */

/*
 * Hand-written rather than fastest-levenshtein: the near-miss check compares every capitalised word
 * with every known name of a similar length, so it needs a cut-off (stop as soon as the distance
 * passes the limit) and adjacent swaps ("Bakhumt") counted as one edit; the maintained packages
 * compute the full Levenshtein distance only.
 */

/** The distance between `a` and `b`, or `limit + 1` as soon as it is known to exceed `limit`. */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[n], limit + 1);
}
