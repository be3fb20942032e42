/** Turning texts into the vectors a stored task model reads (same preparation as at training). */
import { FeatureHasher, type HashedCounts } from '../../features/index.js';
import type { SparseVector } from '../../learn/index.js';
import type { TaskModel } from './modelfile.js';
import { markText } from './textfeatures.js';

/**
 * The last text counted, with the preparation and hasher it was counted with. Genre and frames
 * read the same article with the same preparation and hasher settings, so the second one reuses
 * the counts instead of preparing and hashing the article again.
 */
let last: { key: string; text: string; counts: HashedCounts } | null = null;

/** A vectoriser bound to one model: its hasher options, text preparation and tf-idf space. */
export class ModelVectorizer {
  private readonly hasher: FeatureHasher;
  private readonly mark: boolean;
  private readonly key: string;

  constructor(private readonly m: TaskModel) {
    this.hasher = new FeatureHasher(m.hasher);
    this.mark = m.meta.prepare === 'mark';
    this.key = JSON.stringify([this.hasher.options, this.mark]);
  }

  /** Hashed counts of `text` after the model's preparation (reused when the last call counted the same). */
  counts(text: string): HashedCounts {
    if (last && last.key === this.key && last.text === text) return last.counts;
    const counts = this.hasher.counts(this.mark ? markText(text) : text);
    last = { key: this.key, text, counts };
    return counts;
  }

  vector(text: string): SparseVector {
    return this.m.space.transform(this.counts(text));
  }

  scores(text: string): Float64Array {
    return this.m.model.scores(this.vector(text));
  }
}
