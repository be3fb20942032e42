/**
 * Sparse vectors: sorted feature indices with their values. The shared currency of src/features
 * (which produce them) and src/learn (which trains and scores on them).
 */

/** A sparse vector: `indices` strictly increasing, `values[k]` belongs to `indices[k]`. */
export interface SparseVector {
  readonly indices: Uint32Array;
  readonly values: Float32Array;
}

/** Builds a SparseVector from unsorted (index, value) pairs; duplicate indices are summed. */
export function sparseFromPairs(indices: ArrayLike<number>, values: ArrayLike<number>): SparseVector {
  const n = indices.length;
  // Sort (index, position) keys packed into doubles: a native numeric typed-array sort is several
  // times faster than Array#sort with a comparator, and this runs once per feature vector.
  const keys = new Float64Array(n);
  const scale = 2 ** Math.max(1, Math.ceil(Math.log2(n + 1)));
  for (let k = 0; k < n; k++) keys[k] = indices[k] * scale + k;
  keys.sort();
  const outI = new Uint32Array(n);
  const outV = new Float32Array(n);
  let m = 0;
  for (let j = 0; j < n; j++) {
    const key = keys[j];
    const i = Math.floor(key / scale);
    const v = values[key - i * scale];
    if (m > 0 && outI[m - 1] === i) outV[m - 1] += v;
    else {
      outI[m] = i;
      outV[m] = v;
      m++;
    }
  }
  return { indices: outI.slice(0, m), values: outV.slice(0, m) };
}

/** Dot product of two sparse vectors (merge of the sorted index lists). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  const ai = a.indices;
  const bi = b.indices;
  while (i < ai.length && j < bi.length) {
    const x = ai[i];
    const y = bi[j];
    if (x === y) s += a.values[i++] * b.values[j++];
    else if (x < y) i++;
    else j++;
  }
  return s;
}

/** Dot product of a sparse vector with a dense one. */
export function denseDot(a: SparseVector, dense: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.indices.length; k++) s += a.values[k] * dense[a.indices[k]];
  return s;
}

/** Euclidean norm. */
export function norm(a: SparseVector): number {
  let s = 0;
  for (let k = 0; k < a.values.length; k++) s += a.values[k] * a.values[k];
  return Math.sqrt(s);
}

/**
 * Gram matrix G[i][j] = rows[i]·cols[j] (row-major Float64Array, rows.length × cols.length).
 * Scatters each row into a dense scratch array of size `dims`, then gathers every column: this is
 * much faster than merging index lists when vectors have thousands of entries.
 */
export function gramMatrix(rows: readonly SparseVector[], cols: readonly SparseVector[], dims: number): Float64Array {
  const out = new Float64Array(rows.length * cols.length);
  const scratch = new Float64Array(dims);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let k = 0; k < r.indices.length; k++) scratch[r.indices[k]] = r.values[k];
    const base = i * cols.length;
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      let s = 0;
      for (let k = 0; k < c.indices.length; k++) s += c.values[k] * scratch[c.indices[k]];
      out[base + j] = s;
    }
    for (let k = 0; k < r.indices.length; k++) scratch[r.indices[k]] = 0;
  }
  return out;
}
