/**
 * The genre annotator: `analysis.genre` (label and a score per genre). English model, loaded on
 * first use. Decides with the feed offsets by default, because real feeds are mostly reporting
 * while the training data is mostly opinion; `new GenreAnnotator(path, 'training')` uses the
 * training-mix offsets (as `predict genre` does for the official task).
 */
import type { Doc } from '../../doc/doc.js';
import type { Annotator } from '../../pipeline.js';
import type { Analysis } from '../../schema.js';
import { loadTaskModel } from '../techniques/modelfile.js';
import { defaultModelPath } from '../techniques/modelpath.js';
import { GenreClassifier, type GenreMix } from './classifier.js';
import { versionTag } from '../../learn/modelfile.js';

export class GenreAnnotator implements Annotator {
  readonly name = 'genre';
  private classifier: GenreClassifier | null = null;

  constructor(
    private readonly modelPath?: string,
    private readonly mix: GenreMix = 'feed',
  ) {}

  private load(): GenreClassifier {
    this.classifier ??= new GenreClassifier(loadTaskModel(this.modelPath ?? defaultModelPath('genre'), 'genre'), this.mix);
    return this.classifier;
  }

  annotate(doc: Doc, analysis: Analysis): void {
    if (doc.language.code !== 'en') {
      analysis.notes.push(`Genre: the model is English-only; not run for language "${doc.language.code}".`);
      return;
    }
    const classifier = this.load();
    const { label, scores } = classifier.classify(doc.view.text);
    analysis.genre = { label, scores: Object.fromEntries(classifier.labels.map((l, c) => [l, Math.round(scores[c] * 1000) / 1000])) };
    if (!analysis.models.some((m) => m.task === 'genre')) analysis.models.push({ task: 'genre', version: versionTag(classifier.model.version, classifier.model.digest) });
  }
}
