/**
 * Distillation (`train narratives|entities --from-store`): the stored articles a language model
 * labelled are written out as a SemEval-2025 Task 10 folder — texts, subtask-2 narratives, subtask-3
 * dominant narratives, subtask-1 entity mentions with their roles, the taxonomies — so the usual
 * trainers and cross-validation learn the fast tier from the model's labels. Written to a temporary
 * folder, never into the project.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analysis } from '../schema.js';
import { formatAnnotation, utf16ToCodePoint } from '../tasks/entities/io.js';
import type { RoleTaxonomy } from '../tasks/entities/taxonomy.js';
import { formatSubtask2, subtask2RowOf, type Subtask2Row } from '../tasks/narratives/io.js';
import type { Taxonomy } from '../tasks/narratives/taxonomy.js';
import type { TierTask } from './tier.js';

/** Whether a language model gave the article's labels of `task` (and its answer was used). */
export function modelLabelled(analysis: Analysis, task: TierTask): boolean {
  return analysis.models.some((m) => m.task === task && m.tier !== undefined && m.error === undefined);
}

/** A file name for an article id: the SemEval layout names documents by file. */
function fileName(id: string, k: number): string {
  return `${k}-${id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}.txt`;
}

interface LanguageFiles {
  narratives: Subtask2Row[];
  explanations: string[];
  mentions: string[];
}

/** The subtask-1 lines of the entities a model gave roles: one per mention, offsets in code points. */
function mentionLines(file: string, raw: string, analysis: Analysis): string[] {
  return (analysis.entities ?? [])
    .filter((e) => e.tier !== undefined)
    .flatMap((e) =>
      e.mentions.map((m) => {
        const cp = utf16ToCodePoint(raw, m);
        return formatAnnotation({ file, mention: m.text, start: cp.start, end: cp.end, main: e.mainRole, fine: e.fineRoles.map((f) => f.role) });
      }),
    );
}

/**
 * Writes `<dir>/<LANG>/train/…` with the articles whose `task` labels a model gave, and
 * `<dir>/taxonomy/`; returns how many articles each language has (upper-case codes). For entities,
 * each article's narratives (the model's or the fast tier's) come along: entity roles read them.
 */
export async function writeDistillFolder(
  articles: Iterable<{ id: string; raw: string; analysis: Analysis }> | AsyncIterable<{ id: string; raw: string; analysis: Analysis }>,
  task: TierTask,
  taxonomies: { narratives: Taxonomy; roles: RoleTaxonomy },
  dir: string,
): Promise<Map<string, number>> {
  const byLang = new Map<string, LanguageFiles>();
  let written = 0;
  for await (const { id, raw, analysis } of articles) {
    if (!modelLabelled(analysis, task)) continue;
    const file = fileName(id, written);
    const row = subtask2RowOf(file, analysis.narratives);
    const mentions = task === 'entities' ? mentionLines(file, raw, analysis) : [];
    if (!row || (task === 'entities' && mentions.length === 0)) continue;
    const lang = analysis.language.code.toUpperCase();
    let files = byLang.get(lang);
    if (!files) {
      files = { narratives: [], explanations: [], mentions: [] };
      byLang.set(lang, files);
      mkdirSync(join(dir, lang, 'train', 'raw-documents'), { recursive: true });
    }
    writeFileSync(join(dir, lang, 'train', 'raw-documents', file), raw);
    written++;
    files.narratives.push(row);
    files.mentions.push(...mentions);
    const d = analysis.narratives?.dominant;
    if (d) files.explanations.push([file, d.narrative, d.subNarrative, d.explanation.replace(/\s+/g, ' ')].join('\t'));
  }
  writeTaxonomies(taxonomies, dir);
  const counts = new Map<string, number>();
  for (const [lang, f] of byLang) {
    const base = join(dir, lang, 'train');
    writeFileSync(join(base, 'subtask-2-annotations.txt'), formatSubtask2(f.narratives));
    writeFileSync(join(base, 'subtask-3-annotations.txt'), f.explanations.map((l) => `${l}\n`).join(''));
    writeFileSync(join(base, 'subtask-1-annotations.txt'), f.mentions.map((l) => `${l}\n`).join(''));
    counts.set(lang, f.narratives.length);
  }
  return counts;
}

function writeTaxonomies(t: { narratives: Taxonomy; roles: RoleTaxonomy }, dir: string): void {
  mkdirSync(join(dir, 'taxonomy'), { recursive: true });
  writeFileSync(join(dir, 'taxonomy', 'subtask2_narratives.txt'), `${t.narratives.narratives.join('\n')}\n`);
  writeFileSync(join(dir, 'taxonomy', 'subtask2_subnarratives.txt'), `${t.narratives.subNarratives.join('\n')}\n`);
  writeFileSync(join(dir, 'taxonomy', 'subtask1_roles.tsv'), `main_role\tfine_grained_role\n${t.roles.fineRoles.map((f) => `${t.roles.mainOf.get(f)}\t${f}`).join('\n')}\n`);
}
