/** The genre annotator: `analysis.genre` (label and a score per genre). English model, loaded on first use. */
import type { Doc } from '../../doc/doc.js';
import type { Annotator } from '../../pipeline.js';
import type { Analysis } from '../../schema.js';
import { ModelVectorizer } from '../techniques/features.js';
import { loadTaskModel, type TaskModel } from '../techniques/modelfile.js';
import { defaultModelPath } from '../techniques/modelpath.js';
import { decideGenre, genreScores } from './train.js';

export class GenreAnnotator implements Annotator {
  readonly name = 'genre';
  private loaded: { model: TaskModel; vectorizer: ModelVectorizer; offsets: number[] } | null = null;

  constructor(private readonly modelPath?: string) {}

  private load() {
    if (!this.loaded) {
      const model = loadTaskModel(this.modelPath ?? defaultModelPath('genre'), 'genre');
      this.loaded = { model, vectorizer: new ModelVectorizer(model), offsets: model.meta.offsets as number[] };
    }
    return this.loaded;
  }

  annotate(doc: Doc, analysis: Analysis): void {
    if (doc.language.code !== 'en') {
      analysis.notes.push(`Genre: the model is English-only; not run for language "${doc.language.code}".`);
      return;
    }
    const { model, vectorizer, offsets } = this.load();
    const probs = vectorizer.scores(doc.view.text);
    const scores = genreScores(probs, offsets);
    const labels = model.model.labels;
    analysis.genre = { label: labels[decideGenre(probs, offsets)], scores: Object.fromEntries(labels.map((l, c) => [l, Math.round(scores[c] * 1000) / 1000])) };
    if (!analysis.models.some((m) => m.task === 'genre')) analysis.models.push({ task: 'genre', version: model.version });
  }
}
