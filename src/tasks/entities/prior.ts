/**
 * What the training data says about an entity: role counts per entity key (full name, stem, head
 * word), turned into smoothed role distributions used as dense features. Built only from the
 * training part of a split, so cross-validation never sees held-out labels through it.
 */
import { entityKeys, type EntityKeys } from './entity-key.js';

const KINDS = ['full', 'stem', 'head'] as const;
type KeyKind = (typeof KINDS)[number];

export interface PriorExample {
  name: string;
  main: number;
  fine: readonly number[];
}

/** Serialised form: per key kind, key → counts (main roles, then fine roles, then mention count). */
export type PriorTables = Record<KeyKind, Record<string, number[]>>;

export class EntityPrior {
  /** Dense features produced per mention. */
  readonly dims: number;
  private readonly global: Float64Array;

  constructor(
    readonly numMain: number,
    readonly numFine: number,
    readonly tables: PriorTables,
    /** Smoothing toward the global role distribution, in pseudo-mentions. */
    readonly alpha = 2,
  ) {
    const R = numMain + numFine;
    this.dims = KINDS.length * (2 + R);
    this.global = new Float64Array(R);
    let total = 0;
    for (const counts of Object.values(tables.full)) {
      for (let r = 0; r < R; r++) this.global[r] += counts[r];
      total += counts[R];
    }
    if (total > 0) for (let r = 0; r < R; r++) this.global[r] /= total;
  }

  static build(examples: readonly PriorExample[], numMain: number, numFine: number, alpha = 2): EntityPrior {
    const R = numMain + numFine;
    const tables: PriorTables = { full: {}, stem: {}, head: {} };
    for (const ex of examples) {
      const keys = entityKeys(ex.name);
      for (const kind of KINDS) {
        const k = keys[kind];
        if (!k) continue;
        const c = (tables[kind][k] ??= new Array<number>(R + 1).fill(0));
        c[ex.main]++;
        for (const f of ex.fine) c[numMain + f]++;
        c[R]++;
      }
    }
    return new EntityPrior(numMain, numFine, tables, alpha);
  }

  /** Mentions seen in training for this name's full key (0 when unknown). */
  count(name: string): number {
    const c = this.tables.full[entityKeys(name).full];
    return c ? c[this.numMain + this.numFine] : 0;
  }

  /** Writes the dense prior features of `name` into out[offset…offset+dims). */
  write(name: string | EntityKeys, out: Float32Array, offset: number): void {
    const keys = typeof name === 'string' ? entityKeys(name) : name;
    const R = this.numMain + this.numFine;
    let o = offset;
    for (const kind of KINDS) {
      const c = keys[kind] ? this.tables[kind][keys[kind]] : undefined;
      if (!c) {
        out.fill(0, o, o + 2 + R);
        o += 2 + R;
        continue;
      }
      const n = c[R];
      out[o++] = 1;
      out[o++] = Math.log1p(n) / 3;
      for (let r = 0; r < R; r++) out[o++] = (c[r] + this.alpha * this.global[r]) / (n + this.alpha) - this.global[r];
    }
  }
}
