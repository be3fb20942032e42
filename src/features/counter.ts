/**
 * Counts of feature indices in a small open-addressing hash table. A text touches a few thousand
 * distinct indices out of 2^21; counting them in a table sized to the text (that stays in the CPU
 * cache) is several times faster than a dense 8 MB array whose every touch is a cache miss.
 * Hand-written: it is a dozen lines on typed arrays, and no npm map over uint32 keys is as lean.
 */
const EMPTY = 0xffffffff;

/** Tables larger than this are dropped after a drain, so one long text does not slow later probes. */
const KEEP_CAPACITY = 1 << 14;

export class IndexCounter {
  private keys = new Uint32Array(1 << 12).fill(EMPTY);
  private vals = new Float32Array(1 << 12);
  /** The slots in use, in insertion order: draining and clearing touch only these, not the whole table. */
  private used = new Uint32Array(1 << 11);
  private size = 0;
  private shift = 32 - 12;

  /** Adds one occurrence of `index` (any uint32 but 0xffffffff). */
  add(index: number): void {
    let keys = this.keys;
    let mask = keys.length - 1;
    let slot = Math.imul(index, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = keys[slot];
      if (k === index) {
        this.vals[slot] += 1;
        return;
      }
      if (k === EMPTY) break;
      slot = (slot + 1) & mask;
    }
    if ((this.size + 1) * 2 > keys.length) {
      this.grow();
      keys = this.keys;
      mask = keys.length - 1;
      slot = Math.imul(index, 0x9e3779b1) >>> this.shift;
      while (keys[slot] !== EMPTY) slot = (slot + 1) & mask;
    }
    keys[slot] = index;
    this.vals[slot] = 1;
    this.used[this.size++] = slot;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const cap = oldKeys.length * 2;
    const oldUsed = this.used;
    this.keys = new Uint32Array(cap).fill(EMPTY);
    this.vals = new Float32Array(cap);
    this.used = new Uint32Array(cap >>> 1);
    this.shift--;
    const mask = cap - 1;
    for (let u = 0; u < this.size; u++) {
      const s = oldUsed[u];
      const k = oldKeys[s];
      let slot = Math.imul(k, 0x9e3779b1) >>> this.shift;
      while (this.keys[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.keys[slot] = k;
      this.vals[slot] = oldVals[s];
      this.used[u] = slot;
    }
  }

  /** The counted indices, sorted ascending, with their counts; the counter is empty afterwards. */
  drain(): { indices: Uint32Array; counts: Float32Array } {
    const n = this.size;
    const indices = new Uint32Array(n);
    const keys = this.keys;
    const used = this.used;
    for (let u = 0; u < n; u++) indices[u] = keys[used[u]];
    sortIndices(indices);
    const counts = new Float32Array(n);
    const mask = keys.length - 1;
    for (let k = 0; k < n; k++) {
      let slot = Math.imul(indices[k], 0x9e3779b1) >>> this.shift;
      while (keys[slot] !== indices[k]) slot = (slot + 1) & mask;
      counts[k] = this.vals[slot];
    }
    if (keys.length > KEEP_CAPACITY) {
      this.keys = new Uint32Array(1 << 12).fill(EMPTY);
      this.vals = new Float32Array(1 << 12);
      this.used = new Uint32Array(1 << 11);
      this.shift = 32 - 12;
    } else for (let u = 0; u < n; u++) keys[used[u]] = EMPTY;
    this.size = 0;
    return { indices, counts };
  }
}

const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;
let radixTemp = new Uint32Array(1 << 12);
const radixCounts = new Uint32Array(RADIX);

/**
 * Sorts uint32 values ascending in place: an LSD radix sort, 11 bits a pass, as many passes as the
 * largest value needs (two for 2^22 hashed features). Several times faster than TypedArray#sort
 * on the few thousand indices of a text; short arrays use the built-in sort.
 */
export function sortIndices(a: Uint32Array): Uint32Array {
  const n = a.length;
  if (n < 256) return a.sort();
  let max = 0;
  for (let i = 0; i < n; i++) if (a[i] > max) max = a[i];
  if (radixTemp.length < n) radixTemp = new Uint32Array(n * 2);
  let src: Uint32Array = a;
  let dst: Uint32Array = radixTemp;
  for (let shift = 0; shift < 32 && max >>> shift > 0; shift += RADIX_BITS) {
    radixCounts.fill(0);
    for (let i = 0; i < n; i++) radixCounts[(src[i] >>> shift) & (RADIX - 1)]++;
    let sum = 0;
    for (let b = 0; b < RADIX; b++) {
      const c = radixCounts[b];
      radixCounts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = src[i];
      dst[radixCounts[(v >>> shift) & (RADIX - 1)]++] = v;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== a) a.set(src.subarray(0, n));
  return a;
}
