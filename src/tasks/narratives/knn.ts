/**
 * Nearest-neighbour label votes: the k training articles most similar to an article (cosine of
 * tf-idf vectors) vote for their labels, each with its similarity. Sub-narratives recur almost
 * word for word across articles of the same campaign, which a linear model over all n-grams
 * averages away; the votes are blended with the logistic probabilities (weight tuned on inner CV).
 */

/** kNN settings: neighbours and blend weight (0 = not used). */
export interface KnnParams {
  k: number;
  weight: number;
}

/**
 * Label votes in [0, 1] for `L` labels from similarities to the candidate articles (`sims[j]` is
 * the similarity to the article with label indices `labelSets[j]`): the similarity-weighted share
 * of the k most similar articles carrying each label. Candidates with no positive similarity do not vote.
 */
export function knnVotes(sims: ArrayLike<number>, labelSets: readonly (readonly number[])[], k: number, L: number): Float64Array {
  const out = new Float64Array(L);
  const top = topK(sims, k);
  let total = 0;
  for (const j of top) {
    const s = sims[j];
    if (!(s > 0)) continue;
    total += s;
    for (const l of labelSets[j]) if (l < L) out[l] += s;
  }
  if (total > 0) for (let l = 0; l < L; l++) out[l] /= total;
  return out;
}

/** Indices of the k largest values (ties by lower index), most similar first. */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const n = values.length;
  if (k >= n) return Array.from({ length: n }, (_, j) => j).sort((a, b) => values[b] - values[a] || a - b);
  // A small sorted buffer: k is a few dozen at most, n a few hundred.
  const buf: number[] = [];
  for (let j = 0; j < n; j++) {
    const v = values[j];
    if (buf.length === k && v <= values[buf[k - 1]]) continue;
    let pos = buf.length < k ? buf.length : k - 1;
    if (buf.length < k) buf.push(j);
    while (pos > 0 && values[buf[pos - 1]] < v) {
      buf[pos] = buf[pos - 1];
      pos--;
    }
    buf[pos] = j;
  }
  return buf;
}

/** Blends votes into probabilities in place, over the first `upto` entries: (1 − w)·p + w·votes. */
export function blendVotes(p: Float64Array, votes: ArrayLike<number>, weight: number, upto: number): Float64Array {
  if (weight <= 0) return p;
  for (let l = 0; l < upto; l++) p[l] = (1 - weight) * p[l] + weight * votes[l];
  return p;
}
