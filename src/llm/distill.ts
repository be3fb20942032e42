/**
 * Which stored labels a language model gave: what `train narratives|entities --from-store
 * --with-model-labels` adds to the analysts' approved labels (src/learn/from-store*.ts).
 */
import type { Analysis } from '../schema.js';
import type { TierTask } from './tier.js';

/** Whether a language model gave the article's labels of `task` (and its answer was used). */
export function modelLabelled(analysis: Analysis, task: TierTask): boolean {
  return analysis.models.some((m) => m.task === task && m.tier !== undefined && m.error === undefined);
}
