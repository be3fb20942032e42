/** Turning texts into the vectors a stored task model reads (same preparation as at training). */
import { FeatureHasher } from '../../features/index.js';
import type { SparseVector } from '../../learn/index.js';
import type { TaskModel } from './modelfile.js';
import { markText } from './textfeatures.js';

/** A vectoriser bound to one model: its hasher options, text preparation and tf-idf space. */
export class ModelVectorizer {
  private readonly hasher: FeatureHasher;
  private readonly mark: boolean;

  constructor(private readonly m: TaskModel) {
    this.hasher = new FeatureHasher(m.hasher);
    this.mark = m.meta.prepare === 'mark';
  }

  vector(text: string): SparseVector {
    return this.m.space.transform(this.hasher.counts(this.mark ? markText(text) : text));
  }

  scores(text: string): Float64Array {
    return this.m.model.scores(this.vector(text));
  }
}
