/**
 * Features of one entity mention in its article, as a sparse vector: hashed, position-marked context
 * tokens (who acts on whom shows in the words right before and after a name), the words of the
 * mention itself, its sentence and the neighbouring sentences, the contexts of the same name elsewhere
 * in the article, the article's words (a proxy for its domain and narratives), and dense features from
 * the entity prior. Each block is L2-normalised and weighted. Hand-written here (rather than with
 * FeatureHasher) because the blocks need prefixed, position-marked tokens, not n-grams of plain text.
 */
import type { Span } from '../../doc/span.js';
import { sparseFromPairs, type SparseVector } from '../../learn/index.js';
import { sentenceAt, tokenRange, type ArticleContext } from './context.js';
import { entityKeys } from './entity-key.js';
import type { EntityPrior } from './prior.js';
import { stanceFeatures, type StanceOptions } from './stance.js';
import { CUE_AGENT, CUE_CATEGORIES, CUE_NEGATION, CUE_PASSIVE, tokenCues } from './lexicon.js';
import { partitionPoint } from '../../util/bisect.js';

export const BLOCKS = ['mention', 'near', 'window', 'sentence', 'neighbours', 'entity', 'article', 'cues', 'prior', 'stance'] as const;
export type Block = (typeof BLOCKS)[number];

export interface FeatureOptions {
  /** Hashed features fill [0, 2^bits); prior features follow. */
  bits: number;
  /** Words on each side of the mention in the window block. */
  window: number;
  weights: Record<Block, number>;
  /** What the stance block crosses the entity's camp with (stance.ts); absent in older models. */
  stance?: StanceOptions & {
    /** Camp × domain × the mention's cue features (who acts on whom). */
    cues: boolean;
  };
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  bits: 18,
  window: 8,
  weights: { mention: 1, near: 1, window: 0.8, sentence: 0.6, neighbours: 0.3, entity: 0.6, article: 0.4, cues: 0.6, prior: 1, stance: 0 },
  stance: { perNarrative: true, cues: false },
};

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hash(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}


/**
 * Accumulates one block's hashed features, then normalises them into the output pairs. Counts live
 * in a typed array indexed by feature with a list of the slots touched (cleared on flush): this runs
 * for every mention, and a Map costs several times more.
 */
class BlockBag {
  private readonly counts: Float32Array;
  private readonly touched: number[] = [];
  constructor(private readonly mask: number) {
    this.counts = new Float32Array(mask + 1);
  }
  add(feature: string): void {
    this.count(hash(feature) & this.mask);
  }
  /**
   * Adds the feature `prefix` + s[start, end) without building the string (same hash as `add` of
   * the concatenation): the hot loops add several hundred features per mention.
   */
  addSlice(prefix: string, s: string, start = 0, end = s.length): void {
    let h = FNV_OFFSET;
    for (let i = 0; i < prefix.length; i++) h = Math.imul(h ^ prefix.charCodeAt(i), FNV_PRIME);
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
    this.count((h >>> 0) & this.mask);
  }
  /** Adds `prefix` + the 5-letter stem of `w` (see `stem`). */
  addStem(prefix: string, w: string): void {
    this.addSlice(prefix, w, 0, Math.min(5, w.length));
  }
  private count(i: number): void {
    if (this.counts[i] === 0) this.touched.push(i);
    this.counts[i] += 1;
  }
  flush(weight: number, idx: number[], val: number[]): void {
    const touched = this.touched;
    if (touched.length > 0 && weight !== 0) {
      let s = 0;
      for (const i of touched) s += (1 + Math.log(this.counts[i])) ** 2;
      const f = weight / Math.sqrt(s);
      for (const i of touched) {
        idx.push(i);
        val.push((1 + Math.log(this.counts[i])) * f);
      }
    }
    for (const i of touched) this.counts[i] = 0;
    touched.length = 0;
  }
}

export class MentionFeaturizer {
  readonly hashDims: number;
  private readonly bag: BlockBag;

  constructor(readonly options: FeatureOptions = DEFAULT_FEATURE_OPTIONS) {
    this.hashDims = 1 << options.bits;
    this.bag = new BlockBag(this.hashDims - 1);
  }

  /** Total dimensions with the prior's dense features. */
  dims(prior: EntityPrior | null): number {
    return this.hashDims + (prior?.dims ?? 0);
  }

  /** The sparse feature vector of the mention at `span` (UTF-16, raw offsets). */
  vector(ctx: ArticleContext, span: Span, name: string, prior: EntityPrior | null, withShared = true): SparseVector {
    const idx: number[] = [];
    const val: number[] = [];
    this.pairs(ctx, span, name, prior, withShared, idx, val);
    return sparseFromPairs(idx, val);
  }

  /**
   * The mention's features as (index, value) pairs appended to `idx` and `val`, unsorted and with
   * repeated indices (a linear model sums them the same): inference scores these directly. Without
   * `withShared`, the blocks shared by many mentions are left out: the article block (see
   * `articleVector`) and the neighbouring sentences (see `neighbourVector`), whose decision values
   * inference computes once per article and sentence.
   */
  pairs(ctx: ArticleContext, span: Span, name: string, prior: EntityPrior | null, withShared: boolean, idx: number[], val: number[]): void {
    const { weights, window } = this.options;
    const toks = ctx.tokens;
    const [first, last] = tokenRange(ctx, span);
    const sent = sentenceAt(ctx, span.start);
    const sentSpan = ctx.sentences[sent] ?? { start: 0, end: ctx.raw.length };
    const inSentence = (i: number) => i >= 0 && i < toks.length && toks[i].start >= sentSpan.start && toks[i].end <= sentSpan.end;
    const keys = entityKeys(name);
    const bag = this.bag;

    // The mention itself.
    for (let i = first; i < last; i++) bag.addSlice('m|', toks[i].token);
    bag.add(`M|${keys.full}`);
    const padded = ` ${keys.full} `;
    for (let i = 0; i + 3 <= padded.length; i++) bag.addSlice('c|', padded, i, i + 3);
    bag.flush(weights.mention, idx, val);

    // The words right before and after, by position.
    const word = (i: number) => (inSentence(i) ? toks[i].token : '<s>');
    for (let d = 1; d <= 3; d++) {
      bag.add(`l${d}|${word(first - d)}`);
      bag.add(`r${d}|${word(last - 1 + d)}`);
    }
    bag.add(`lb|${word(first - 2)} ${word(first - 1)}`);
    bag.add(`rb|${word(last)} ${word(last + 1)}`);
    if (first === 0 || !inSentence(first - 1)) bag.add('starts-sentence');
    bag.flush(weights.near, idx, val);

    // A window of words on each side, within the sentence.
    for (let d = 1; d <= window; d++) {
      if (inSentence(first - d)) {
        bag.addSlice('lw|', toks[first - d].token);
        bag.addStem('ls|', toks[first - d].token);
      }
      if (inSentence(last - 1 + d)) {
        bag.addSlice('rw|', toks[last - 1 + d].token);
        bag.addStem('rs|', toks[last - 1 + d].token);
      }
    }
    bag.flush(weights.window, idx, val);

    // The whole sentence.
    for (let i = first - 1; inSentence(i); i--) bag.addStem('s|', toks[i].token);
    for (let i = last; inSentence(i); i++) bag.addStem('s|', toks[i].token);
    if (sent === 0) bag.add('in-title');
    bag.flush(weights.sentence, idx, val);

    // Neighbouring sentences (the same for every mention of a sentence: cached).
    if (withShared && weights.neighbours !== 0) {
      const nb = this.neighbourBag(ctx, sent);
      for (let k = 0; k < nb.idx.length; k++) {
        idx.push(nb.idx[k]);
        val.push(nb.val[k] * weights.neighbours);
      }
    }

    // The same name elsewhere in the article.
    const occ = this.occurrences(ctx, keys.full);
    bag.add(`E|${Math.min(occ.length, 6)}`);
    for (const o of occ) {
      if (o >= first && o < last) continue;
      const n = keys.full.split(' ').length;
      if (o > 0) bag.addSlice('e|l|', toks[o - 1].token);
      if (o + n < toks.length) bag.addSlice('e|r|', toks[o + n].token);
      if (o > 1) bag.addStem('e|l|', toks[o - 2].token);
      if (o + n + 1 < toks.length) bag.addStem('e|r|', toks[o + n + 1].token);
    }
    bag.flush(weights.entity, idx, val);

    // Role cues around the mention: who acts on whom (a cue after the mention: the mention acts;
    // before it: the mention is acted upon, unless "by" marks it as the agent of a passive), the
    // sentence's and the article's cue counts, the article's domain, and quotation context.
    const mentionCues: string[] = [];
    if ((weights.cues ?? 0) > 0) this.addCues(ctx, first, last, inSentence, sentSpan, window, mentionCues);
    bag.flush(weights.cues ?? 0, idx, val);

    // The entity's camp crossed with the article's narratives (and with who acts on whom).
    const stance = this.options.stance;
    if ((weights.stance ?? 0) > 0 && stance) {
      stanceFeatures(name, ctx.narratives, (f) => bag.add(f), stance, stance.cues ? mentionCues : []);
      bag.flush(weights.stance, idx, val);
    }

    // The article's words (cached per article). Inference leaves them out and adds their decision
    // values once per article instead (see `articleVector`): the model is linear, so it is the same sum.
    if (withShared) {
      const art = this.articleBag(ctx);
      for (let k = 0; k < art.idx.length; k++) {
        idx.push(art.idx[k]);
        val.push(art.val[k] * weights.article);
      }
    }

    if (prior && weights.prior > 0) {
      const dense = new Float32Array(prior.dims);
      prior.write(keys, dense, 0);
      for (let k = 0; k < dense.length; k++) {
        if (dense[k] === 0) continue;
        idx.push(this.hashDims + k);
        val.push(dense[k] * weights.prior);
      }
    }
  }

  /** Adds the cue block's features; the mention's own directional cues (side|category) go to `mine`. */
  private addCues(ctx: ArticleContext, first: number, last: number, inSentence: (i: number) => boolean, sentSpan: Span, window: number, mine: string[]): void {
    const bag = this.bag;
    const cues = this.cues(ctx);
    const toks = ctx.tokens;
    const cat = (c: number) => CUE_CATEGORIES[c];
    const isCat = (c: number) => c >= 0 && c < CUE_CATEGORIES.length;
    const negated = (i: number) => cues[i - 1] === CUE_NEGATION || cues[i - 2] === CUE_NEGATION;
    const byAgent = inSentence(first - 1) && cues[first - 1] === CUE_AGENT;
    if (byAgent) bag.add('p|by');
    // A cue at token i, d tokens from the mention on `side`: its category, negation mark and nearness.
    const addCue = (side: string, i: number, d: number) => {
      const neg = negated(i) ? '!' : '';
      bag.add(`p|${side}|${neg}${cat(cues[i])}`);
      mine.push(`${side}|${neg}${cat(cues[i])}`);
      if (d <= 3) bag.add(`p|${side}3|${neg}${cat(cues[i])}`);
    };
    let passive = false;
    for (let d = 1; d <= window + 4 && inSentence(last - 1 + d); d++) {
      const i = last - 1 + d;
      const c = cues[i];
      if (c === CUE_PASSIVE) passive = true;
      if (!isCat(c)) continue;
      addCue(passive ? 'Rp' : 'R', i, d);
    }
    for (let d = 1; d <= window + 4 && inSentence(first - d); d++) {
      const i = first - d;
      const c = cues[i];
      if (!isCat(c)) continue;
      addCue(byAgent ? 'Lby' : 'L', i, d);
    }
    for (let i = first - 1; inSentence(i); i--) if (isCat(cues[i])) bag.add(`S|${cat(cues[i])}`);
    for (let i = last; inSentence(i); i++) if (isCat(cues[i])) bag.add(`S|${cat(cues[i])}`);
    // Quotation: an odd number of quote marks between the sentence start and the mention.
    const before = ctx.raw.slice(sentSpan.start, toks[first]?.start ?? sentSpan.start);
    if ((before.match(/["“”«»„]/g)?.length ?? 0) % 2 === 1) bag.add('q|in');
    for (const f of this.articleCues(ctx)) bag.add(f);
  }

  private cues(ctx: ArticleContext): Int8Array {
    let out = ctx.cache.get('cues') as Int8Array | undefined;
    if (!out) {
      out = tokenCues(ctx.tokens);
      ctx.cache.set('cues', out);
    }
    return out;
  }

  /** Article-level cue features: one per cue of each category, and the domain (climate or war). */
  private articleCues(ctx: ArticleContext): string[] {
    let out = ctx.cache.get('article-cues') as string[] | undefined;
    if (!out) {
      const cues = this.cues(ctx);
      const counts = new Array<number>(CUE_CATEGORIES.length).fill(0);
      for (const c of cues) if (c >= 0 && c < CUE_CATEGORIES.length) counts[c]++;
      out = [];
      counts.forEach((n, c) => {
        // Log-scaled count: one feature per doubling.
        for (let k = 1; k <= n; k *= 2) out!.push(`A|${CUE_CATEGORIES[c]}`);
      });
      const climate = counts[CUE_CATEGORIES.indexOf('climate')];
      const war = counts[CUE_CATEGORIES.indexOf('war')];
      out.push(climate > war ? 'D|climate' : 'D|war');
      ctx.cache.set('article-cues', out);
    }
    return out;
  }

  /** The neighbours block of sentence `sentence` (see `sentenceAt`), weighted as in `vector`. */
  neighbourVector(ctx: ArticleContext, sentence: number): { indices: readonly number[]; values: readonly number[] } {
    const nb = this.neighbourBag(ctx, sentence);
    const w = this.options.weights.neighbours;
    return { indices: nb.idx, values: nb.val.map((v) => v * w) };
  }

  /** The neighbours block of sentence `sent` (the sentences before and after it), normalised. */
  private neighbourBag(ctx: ArticleContext, sent: number): { idx: number[]; val: number[] } {
    const key = `nb:${sent}`;
    let out = ctx.cache.get(key) as { idx: number[]; val: number[] } | undefined;
    if (!out) {
      out = { idx: [], val: [] };
      for (const n of [sent - 1, sent + 1]) {
        if (!ctx.sentences[n]) continue;
        for (const t of this.sentenceTokens(ctx, n)) this.bag.addStem('n|', t);
      }
      this.bag.flush(1, out.idx, out.val);
      ctx.cache.set(key, out);
    }
    return out;
  }

  private sentenceTokens(ctx: ArticleContext, n: number): string[] {
    const key = `sent:${n}`;
    let out = ctx.cache.get(key) as string[] | undefined;
    if (!out) {
      out = [];
      // sentenceOf is non-decreasing: find the sentence's first token by binary search.
      const of = ctx.sentenceOf;
      for (let i = partitionPoint(of.length, (j) => of[j] < n); i < of.length && of[i] === n; i++) out.push(ctx.tokens[i].token);
      ctx.cache.set(key, out);
    }
    return out;
  }

  /** Token indices where the entity's full key starts. */
  private occurrences(ctx: ArticleContext, full: string): number[] {
    const key = `occ:${full}`;
    let out = ctx.cache.get(key) as number[] | undefined;
    if (out) return out;
    out = [];
    const words = full.split(' ').filter(Boolean);
    const toks = ctx.tokens;
    if (words.length > 0) {
      for (let i = 0; i + words.length <= toks.length; i++) {
        let ok = true;
        for (let k = 0; k < words.length && ok; k++) ok = toks[i + k].token === words[k];
        if (ok) out.push(i);
      }
    }
    ctx.cache.set(key, out);
    return out;
  }

  /** The article block alone, weighted as in `vector`: shared by every mention of the article. */
  articleVector(ctx: ArticleContext): SparseVector {
    const art = this.articleBag(ctx);
    return sparseFromPairs(art.idx, art.val.map((v) => v * this.options.weights.article));
  }

  private articleBag(ctx: ArticleContext): { idx: number[]; val: number[] } {
    let out = ctx.cache.get('article') as { idx: number[]; val: number[] } | undefined;
    if (!out) {
      out = { idx: [], val: [] };
      for (const t of ctx.tokens) if (t.token.length > 3) this.bag.addStem('d|', t.token);
      this.bag.flush(1, out.idx, out.val);
      ctx.cache.set('article', out);
    }
    return out;
  }
}

