/**
 * Reads a SemEval-2025 Task 10 data folder (`<dir>/<LANG>/train/…`, `<dir>/<LANG>/test/…`,
 * `<dir>/taxonomy/`) at run time. Nothing from the corpus is stored except trained weights.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSubtask2, type Subtask2Row } from './io.js';
import { loadTaxonomy, type Taxonomy } from './taxonomy.js';

export const LANGUAGES = ['EN', 'BG', 'HI', 'PT', 'RU'] as const;

export interface LabelledDoc {
  id: string;
  text: string;
  gold: Subtask2Row;
}

export interface Explanation {
  id: string;
  narrative: string;
  subNarrative: string;
  text: string;
}

/** Default data folder: $NARRASCOPE_SEMEVAL or ../shared/data/semeval2025-t10 from the repo root. */
export function defaultDataDir(): string {
  return process.env.NARRASCOPE_SEMEVAL ?? join(process.cwd(), '..', 'shared', 'data', 'semeval2025-t10');
}

export function readTaxonomy(dataDir: string): Taxonomy {
  return loadTaxonomy(join(dataDir, 'taxonomy'));
}

/** The labelled training articles of a language, in annotation-file order. */
export function loadTrainSplit(dataDir: string, lang: string): LabelledDoc[] {
  const base = join(dataDir, lang, 'train');
  const annPath = join(base, 'subtask-2-annotations.txt');
  if (!existsSync(annPath)) throw new Error(`${annPath}: not found (is --data a SemEval-2025 Task 10 folder?)`);
  const { rows, problems } = parseSubtask2(readFileSync(annPath, 'utf8'));
  if (problems.length) throw new Error(`${annPath}:${problems[0].line}: ${problems[0].message}`);
  return rows.map((gold) => ({ id: gold.id, gold, text: readFileSync(join(base, 'raw-documents', gold.id), 'utf8') }));
}

/** Subtask-3 explanations of the training split (id → dominant narrative, sub-narrative, text). */
export function loadExplanations(dataDir: string, lang: string): Map<string, Explanation> {
  const path = join(dataDir, lang, 'train', 'subtask-3-annotations.txt');
  const out = new Map<string, Explanation>();
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const cols = line.split('\t');
    if (cols.length >= 4) out.set(cols[0], { id: cols[0], narrative: cols[1], subNarrative: cols[2], text: cols.slice(3).join(' ') });
  }
  return out;
}

/** Unlabeled documents of a folder (every *.txt), sorted by name. */
export function loadDocsFolder(dir: string): { id: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((id) => ({ id, text: readFileSync(join(dir, id), 'utf8') }));
}

/** The test documents of a language (no gold labels): unlabeled text for idf. */
export function loadTestDocs(dataDir: string, lang: string): { id: string; text: string }[] {
  return loadDocsFolder(join(dataDir, lang, 'test', 'subtask-2-documents'));
}
