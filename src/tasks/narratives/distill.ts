/**
 * Distillation (`train narratives --from-store`): the stored articles a language model labelled are
 * written out as a SemEval-2025 Task 10 folder (texts, subtask-2 labels, subtask-3 dominant narratives,
 * the taxonomy), so the usual trainer and cross-validation learn the fast tier from the model's labels.
 * Written to a temporary folder, never into the project.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analysis } from '../../schema.js';
import { formatSubtask2, subtask2RowOf, type Subtask2Row } from './io.js';
import type { Taxonomy } from './taxonomy.js';

/** Whether a language model gave the article's narratives (and its answer was used). */
export function modelLabelled(analysis: Analysis): boolean {
  return analysis.models.some((m) => m.task === 'narratives' && m.tier !== undefined && m.error === undefined) && analysis.narratives?.status === 'ok';
}

/** A file name for an article id: the SemEval layout names documents by file. */
function fileName(id: string, k: number): string {
  return `${k}-${id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}.txt`;
}

/**
 * Writes `<dir>/<LANG>/train/…` for every language with model-labelled articles and
 * `<dir>/taxonomy/`; returns the number of articles per language (upper-case codes).
 */
export function writeDistillFolder(articles: Iterable<{ id: string; raw: string; analysis: Analysis }>, taxonomy: Taxonomy, dir: string): Map<string, number> {
  const byLang = new Map<string, { rows: Subtask2Row[]; explanations: string[] }>();
  let k = 0;
  for (const { id, raw, analysis } of articles) {
    if (!modelLabelled(analysis)) continue;
    const lang = analysis.language.code.toUpperCase();
    const file = fileName(id, k++);
    const row = subtask2RowOf(file, analysis.narratives);
    if (!row) continue;
    let group = byLang.get(lang);
    if (!group) {
      group = { rows: [], explanations: [] };
      byLang.set(lang, group);
      mkdirSync(join(dir, lang, 'train', 'raw-documents'), { recursive: true });
    }
    writeFileSync(join(dir, lang, 'train', 'raw-documents', file), raw);
    group.rows.push(row);
    const d = analysis.narratives!.dominant;
    if (d) group.explanations.push([file, d.narrative, d.subNarrative, d.explanation.replace(/\s+/g, ' ')].join('\t'));
  }
  mkdirSync(join(dir, 'taxonomy'), { recursive: true });
  writeFileSync(join(dir, 'taxonomy', 'subtask2_narratives.txt'), `${taxonomy.narratives.join('\n')}\n`);
  writeFileSync(join(dir, 'taxonomy', 'subtask2_subnarratives.txt'), `${taxonomy.subNarratives.join('\n')}\n`);
  const counts = new Map<string, number>();
  for (const [lang, g] of byLang) {
    writeFileSync(join(dir, lang, 'train', 'subtask-2-annotations.txt'), formatSubtask2(g.rows));
    writeFileSync(join(dir, lang, 'train', 'subtask-3-annotations.txt'), g.explanations.map((l) => `${l}\n`).join(''));
    counts.set(lang, g.rows.length);
  }
  return counts;
}
