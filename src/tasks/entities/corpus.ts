/**
 * Reads the subtask-1 training data of a SemEval-2025 Task 10 folder at run time
 * (`<dir>/<LANG>/train/subtask-1-annotations.txt` and `raw-documents/`). Nothing of the corpus is
 * stored except what training derives from it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '../../doc/span.js';
import { parseAnnotations, resolveMention, type AnnotationRow } from './io.js';
import { loadRoleTaxonomy, type RoleTaxonomy } from './taxonomy.js';

export const LANGUAGES = ['EN', 'BG', 'HI', 'PT', 'RU'] as const;

/** One labelled mention with its raw span resolved. */
export interface MentionExample {
  row: AnnotationRow;
  file: string;
  name: string;
  /** UTF-16 span into the article's raw text, end exclusive. */
  span: Span;
  main: number;
  fine: number[];
}

export interface EntityCorpus {
  language: string;
  taxonomy: RoleTaxonomy;
  /** Raw text of each article with mentions, by file name. */
  texts: Map<string, string>;
  examples: MentionExample[];
  /** One-line notes: offsets repaired, rows dropped. */
  notes: string[];
}

/** Default data folder: $NARRASCOPE_SEMEVAL or ../shared/data/semeval2025-t10 from the working directory. */
export function defaultDataDir(): string {
  return process.env.NARRASCOPE_SEMEVAL ?? join(process.cwd(), '..', 'shared', 'data', 'semeval2025-t10');
}

export function readRoleTaxonomy(dataDir: string): RoleTaxonomy {
  return loadRoleTaxonomy(join(dataDir, 'taxonomy', 'subtask1_roles.tsv'));
}

/** Loads the labelled training mentions of one language. */
export function loadEntityCorpus(dataDir: string, lang: string, taxonomy = readRoleTaxonomy(dataDir)): EntityCorpus {
  const base = join(dataDir, lang, 'train');
  const annPath = join(base, 'subtask-1-annotations.txt');
  if (!existsSync(annPath)) throw new Error(`${annPath}: not found (is --data a SemEval-2025 Task 10 folder?)`);
  const { rows, problems } = parseAnnotations(readFileSync(annPath, 'utf8'));
  const notes = problems.map((p) => `${annPath}:${p.line}: ${p.message}`);
  const texts = new Map<string, string>();
  const examples: MentionExample[] = [];
  const mainIndex = new Map(taxonomy.mainRoles.map((m, i) => [m as string, i]));
  const fineIndex = new Map(taxonomy.fineRoles.map((f, i) => [f, i]));
  for (const row of rows) {
    let raw = texts.get(row.file);
    if (raw === undefined) {
      const p = join(base, 'raw-documents', row.file);
      if (!existsSync(p)) {
        notes.push(`${annPath}:${row.line}: document ${row.file} not found; row skipped`);
        continue;
      }
      raw = readFileSync(p, 'utf8');
      texts.set(row.file, raw);
    }
    const main = mainIndex.get(row.main);
    const fine = row.fine.map((f) => fineIndex.get(f));
    if (main === undefined || fine.some((f) => f === undefined)) {
      notes.push(`${annPath}:${row.line}: unknown role in "${row.main} ${row.fine.join(' ')}"; row skipped`);
      continue;
    }
    const resolved = resolveMention(raw, row);
    if (!resolved) {
      notes.push(`${annPath}:${row.line}: "${row.mention}" not found in ${row.file}; row skipped`);
      continue;
    }
    if (!resolved.exact) notes.push(`${annPath}:${row.line}: ${resolved.note}`);
    examples.push({ row, file: row.file, name: row.mention, span: resolved.span, main, fine: fine as number[] });
  }
  return { language: lang, taxonomy, texts, examples, notes };
}
