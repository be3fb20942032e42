/**
 * Reads a SemEval-2025 Task 10 data folder (`<dir>/<LANG>/train/…`, `<dir>/<LANG>/test/…`,
 * `<dir>/taxonomy/`) at run time. Nothing from the corpus is stored except trained weights.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseSubtask2, type Subtask2Row } from './io.js';
import { loadTaxonomy, type Taxonomy } from './taxonomy.js';
import { hashTexts, type ExtraTrainingDocs, type NarrativeTrainOptions } from './train.js';

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

/**
 * Labelled pseudo-articles from the annotation guidelines (read at run time, never stored): per
 * sub-narrative its definition, examples and the taxonomy's description sentences; per narrative
 * its definition and example. Labels outside the official lists are dropped. English text only.
 */
export function loadGuidelineDocs(dataDir: string, taxonomy: Taxonomy): LabelledDoc[] {
  const dir = join(dataDir, 'taxonomy', 'derived');
  if (!existsSync(dir)) return [];
  const narratives = new Set(taxonomy.narratives);
  const subs = new Set(taxonomy.subNarratives);
  const texts = new Map<string, string[]>();
  const add = (label: string, ...parts: (string | undefined)[]) => {
    const list = texts.get(label) ?? [];
    for (const p of parts) if (p && p.trim()) list.push(p.trim());
    texts.set(label, list);
  };
  const csv = (name: string) => {
    const path = join(dir, name);
    return existsSync(path) ? (parseCsv(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[]) : [];
  };
  for (const r of csv('subnarrative_definitions.csv')) add(r.subnarrative?.trim() ?? '', r.definition, r.examples);
  for (const r of csv('narrative_definitions.csv')) add(r.narrative?.trim() ?? '', r.definition, r.example);
  for (const [file, domain] of [
    ['Narrative_Description_War_in_Ukraine-sentences.tsv', 'URW'],
    ['Narrative_Description_ClimateChange-sentences.tsv', 'CC'],
  ] as const) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split(/\r?\n/).slice(1)) {
      const [narr, sub, desc] = line.split('\t');
      if (narr && sub && desc) add(`${domain}: ${narr.trim()}: ${sub.trim()}`, desc);
    }
  }
  const out: LabelledDoc[] = [];
  for (const [label, parts] of [...texts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!parts.length) continue;
    let row: Subtask2Row | null = null;
    if (subs.has(label) && label !== 'Other') {
      const parent = [...narratives].filter((n) => label.startsWith(`${n}: `)).sort((a, b) => b.length - a.length)[0];
      if (parent) row = { id: `guideline:${label}`, narratives: [parent], subNarratives: [label] };
    } else if (narratives.has(label) && label !== 'Other') row = { id: `guideline:${label}`, narratives: [label], subNarratives: [`${label}: Other`] };
    if (row) out.push({ id: row.id, text: parts.join('\n'), gold: row });
  }
  return out;
}

/**
 * The extra training documents of a language under the options: guideline pseudo-articles (when
 * `guidelineWeight` > 0 and the language is listed) and the pooled languages' training articles.
 * Undefined when there are none.
 */
export function extraTrainingDocs(dataDir: string, lang: string, taxonomy: Taxonomy, opts: NarrativeTrainOptions): ExtraTrainingDocs | undefined {
  const docs: LabelledDoc[] = [];
  const weights: number[] = [];
  if (opts.guidelineWeight > 0 && opts.guidelineLanguages.includes(lang.toUpperCase())) {
    for (const d of loadGuidelineDocs(dataDir, taxonomy)) {
      docs.push(d);
      weights.push(opts.guidelineWeight);
    }
  }
  if (opts.poolWeight > 0) {
    for (const other of opts.poolWith[lang.toUpperCase()] ?? []) {
      for (const d of loadTrainSplit(dataDir, other)) {
        docs.push(d);
        weights.push(opts.poolWeight);
      }
    }
  }
  if (!docs.length) return undefined;
  return { counts: hashTexts(docs.map((d) => d.text), opts.hasher), gold: docs.map((d) => d.gold), weights };
}
