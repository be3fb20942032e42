/** The frames task: `analysis.frames`, the frames above their thresholds with scores. English model. */
import type { Doc } from '../../doc/doc.js';
import type { Analysis } from '../../schema.js';
import type { Task, TaskLabelRow } from '../task.js';
import { FRAME_COLUMNS, FRAME_FACETS } from './facets.js';
import { taskModelPath } from '../models.js';
import { loadTaskModel, ModelVectorizer, type TaskModel } from '../../learn/textmodel.js';
import { versionTag } from '../../learn/modelfile.js';
import { roundTo } from '../../util/round.js';

type Frames = NonNullable<Analysis['frames']>;

/** The frames model with what its use needs, made once per task. */
interface LoadedFrames {
  model: TaskModel;
  vectorizer: ModelVectorizer;
  thresholds: number[];
}

export class FramesAnnotator implements Task<LoadedFrames, Frames> {
  readonly id = 'frames';
  readonly requires = [];
  readonly title = 'Framing';
  readonly facets = FRAME_FACETS;
  readonly columns = FRAME_COLUMNS;
  readonly commands = async () => (await import('./commands.js')).registerCommands;
  readonly train = async () => (await import('./train.js')).trainFrames;
  private loaded: LoadedFrames | null = null;

  constructor(private readonly modelPath?: string) {}

  languages(): readonly string[] {
    return ['en'];
  }

  model(): LoadedFrames {
    if (!this.loaded) {
      const model = loadTaskModel(this.modelPath ?? taskModelPath('frames'), 'frames');
      this.loaded = { model, vectorizer: new ModelVectorizer(model), thresholds: model.meta.thresholds as number[] };
    }
    return this.loaded;
  }

  version({ model }: LoadedFrames): string {
    return versionTag(model.version, model.digest);
  }

  annotate(doc: Doc, { model, vectorizer, thresholds }: LoadedFrames): Frames {
    const p = vectorizer.scores(doc.view.text);
    const labels = model.model.labels;
    return labels
      .map((label, l) => ({ label, score: roundTo(p[l], 3), on: p[l] >= thresholds[l] }))
      .filter((f) => f.on)
      .sort((a, b) => b.score - a.score)
      .map(({ label, score }) => ({ label, score }));
  }

  /** Label rows: each frame with its score. */
  labelRows(frames: Frames): TaskLabelRow[] {
    return frames.map((f) => ({ task: 'frame', label: f.label, score: f.score }));
  }
}
