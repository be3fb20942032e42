/** A small seeded PRNG (xorshift32) so folds and training order are reproducible across runs. */
export function seededRandom(seed: number): () => number {
  return xorshift32((seed >>> 0) ^ 0x9e3779b9);
}

/** The xorshift32 generator started at `state` as given (0 becomes 1), uniform in [0, 1). */
export function xorshift32(state: number): () => number {
  state = state >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with the given random source. */
export function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let k = items.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [items[k], items[j]] = [items[j], items[k]];
  }
  return items;
}
