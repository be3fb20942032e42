/** The frames task: `analysis.frames`, the frames whose calibrated probability clears its threshold; one model per language, batch label-shift aware. */
import type { Doc } from '../../doc/doc.js';
import type { Task, TaskLabelRow, TaskShift } from '../task.js';
import { FRAME_COLUMNS, FRAME_FACETS } from './facets.js';
import { languageModelPath, modelLanguages, taskModelDir } from '../models.js';
import { loadTaskModel } from '../../learn/textmodel.js';
import { versionTag } from '../../learn/modelfile.js';
import { decideFrames, frameProbabilities, FRAMES_SHIFT_BY_DEFAULT, loadedFrames, shiftedFrames, type Frames, type LoadedFrames } from './model.js';

export class FramesAnnotator implements Task<LoadedFrames, Frames> {
  readonly id = 'frames';
  readonly requires = [];
  readonly title = 'Framing';
  readonly facets = FRAME_FACETS;
  readonly columns = FRAME_COLUMNS;
  readonly commands = async () => (await import('./commands.js')).registerCommands;
  readonly train = async () => (await import('./train.js')).trainFrames;
  private readonly loaded = new Map<string, LoadedFrames>();
  /** The calibrated probabilities each Doc's section was decided from, for the batch step. */
  private readonly evidenceOf = new WeakMap<Doc, Float64Array>();

  /** `dir`: a folder of per-language model files (`<LANG>.nscm`); default models/frames. */
  constructor(private readonly dir: string = taskModelDir('frames')) {}

  languages(): readonly string[] {
    return modelLanguages(this.dir);
  }

  model(lang: string): LoadedFrames {
    let m = this.loaded.get(lang);
    if (!m) {
      const file = languageModelPath(this.dir, lang);
      m = loadedFrames(loadTaskModel(file, 'frames'), file);
      this.loaded.set(lang, m);
    }
    return m;
  }

  version({ model }: LoadedFrames): string {
    return versionTag(model.version, model.digest);
  }

  annotate(doc: Doc, m: LoadedFrames): Frames {
    const p = frameProbabilities(doc.view.text, m);
    this.evidenceOf.set(doc, p);
    return decideFrames(p, m);
  }

  /** Label rows: each frame with its score. */
  labelRows(frames: Frames): TaskLabelRow[] {
    return frames.map((f) => ({ task: 'frame', label: f.label, score: f.score }));
  }

  /** Per-frame EM over a batch (learn/priorshift.ts emLabelPriors), thresholds applied to the shifted posteriors. */
  readonly shift: TaskShift<LoadedFrames, Frames> = {
    kind: 'multilabel',
    byDefault: FRAMES_SHIFT_BY_DEFAULT,
    labels: (m) => m.model.model.labels,
    trainingPriors: (m) => m.priors,
    evidence: (doc, _section, m) => [this.evidenceOf.get(doc) ?? frameProbabilities(doc.view.text, m)],
    redecide: (doc, _section, m, priors) => decideFrames(shiftedFrames(this.shift.evidence(doc, _section, m)[0], m.priors, priors), m),
  };
}
