/** The frames annotator: `analysis.frames`, the frames above their thresholds with scores. English model, loaded on first use. */
import type { Doc } from '../../doc/doc.js';
import type { Annotator } from '../../pipeline.js';
import type { Analysis } from '../../schema.js';
import { ModelVectorizer } from '../techniques/features.js';
import { loadTaskModel, type TaskModel } from '../techniques/modelfile.js';
import { defaultModelPath } from '../techniques/modelpath.js';
import { versionTag } from '../../learn/modelfile.js';

export class FramesAnnotator implements Annotator {
  readonly name = 'frames';
  private loaded: { model: TaskModel; vectorizer: ModelVectorizer; thresholds: number[] } | null = null;

  constructor(private readonly modelPath?: string) {}

  private load() {
    if (!this.loaded) {
      const model = loadTaskModel(this.modelPath ?? defaultModelPath('frames'), 'frames');
      this.loaded = { model, vectorizer: new ModelVectorizer(model), thresholds: model.meta.thresholds as number[] };
    }
    return this.loaded;
  }

  annotate(doc: Doc, analysis: Analysis): void {
    if (doc.language.code !== 'en') {
      analysis.notes.push(`Frames: the model is English-only; not run for language "${doc.language.code}".`);
      return;
    }
    const { model, vectorizer, thresholds } = this.load();
    const p = vectorizer.scores(doc.view.text);
    const labels = model.model.labels;
    analysis.frames = labels
      .map((label, l) => ({ label, score: Math.round(p[l] * 1000) / 1000, on: p[l] >= thresholds[l] }))
      .filter((f) => f.on)
      .sort((a, b) => b.score - a.score)
      .map(({ label, score }) => ({ label, score }));
    if (!analysis.models.some((m) => m.task === 'frames')) analysis.models.push({ task: 'frames', version: versionTag(model.version, model.digest) });
  }
}
