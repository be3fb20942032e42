/**
 * The SemEval-2023 Task 3 pieces shared by the techniques, genre and frames tasks: line-numbered
 * label-file parsing with errors naming file and line, the article-level label format (subtask 1
 * `id<TAB>genre`, subtask 2 `id<TAB>frame1,frame2`), and the English article folders read at run
 * time (`../shared/data/semeval2023-t3/<LANG>`: EN, FR, GE, IT, PO, RU). Nothing from the corpus is stored in the repository.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** An error about one line of one file: "file:line: message". */
export class LabelFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

export interface LineProblem {
  line: number;
  message: string;
}

/** Splits a file into lines (BOM dropped, CRLF accepted), keeping 1-based line numbers. */
export function numberedLines(text: string): { line: number; text: string }[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((t, k) => ({ line: k + 1, text: t }));
}

/** Comma-separated label cell → labels (empty cell → none). */
export function splitLabelCell(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Throws the first problem as a LabelFileError naming `file`. */
export function throwFirst(file: string, problems: readonly LineProblem[]): void {
  if (problems.length > 0) throw new LabelFileError(file, problems[0].line, problems[0].message);
}

/** Article id from a file name: "article123.txt" → "123"; anything else → the name without ".txt". */
export function articleIdFromFile(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.txt$/, '');
  const m = /^article(.+)$/.exec(base);
  return m ? m[1] : base;
}

/** $NARRASCOPE_SEMEVAL2023 or ../shared/data/semeval2023-t3 (relative to the working directory). */
export function defaultSemeval2023Dir(): string {
  return process.env.NARRASCOPE_SEMEVAL2023 ?? join(process.cwd(), '..', 'shared', 'data', 'semeval2023-t3');
}

/** The text of a file the corpus must have; a missing one is an error naming it and `what` it is. */
export function readRequired(path: string, what: string): string {
  if (!existsSync(path)) throw new Error(`${path}: not found (${what})`);
  return readFileSync(path, 'utf8');
}

/** The six languages of SemEval-2023 Task 3 (ISO 639-1) and the corpus's folder for each (GE and PO are its own codes). */
export const SEMEVAL2023_LANGUAGES: Readonly<Record<string, string>> = { en: 'EN', fr: 'FR', de: 'GE', it: 'IT', pl: 'PO', ru: 'RU' };

/** The corpus folder of a language code ("de" → "<dataDir>/GE"); an unknown code is an error naming the known ones. */
export function semeval2023LangDir(dataDir: string, lang: string): string {
  const folder = SEMEVAL2023_LANGUAGES[lang.toLowerCase()];
  if (!folder) throw new Error(`no SemEval-2023 Task 3 data for language "${lang}" (known: ${Object.keys(SEMEVAL2023_LANGUAGES).join(', ')})`);
  return join(dataDir, folder);
}

/**
 * The unlabeled test articles of a subtask in one language (`test-articles-subtask-<n>`), used for
 * idf only; none when the folder is missing.
 */
export function testArticleTexts(dataDir: string, subtask: 1 | 2 | 3, lang = 'en'): string[] {
  try {
    return [...readArticleFolder(join(semeval2023LangDir(dataDir, lang), `test-articles-subtask-${subtask}`)).values()];
  } catch {
    return [];
  }
}

/**
 * Every `*.txt` of a folder as id → text ("article123.txt" → "123"), sorted by id. macOS
 * resource-fork files (`._name.txt`, binary) are not articles and are passed over.
 */
export function readArticleFolder(dir: string): Map<string, string> {
  if (!existsSync(dir)) throw new Error(`${dir}: folder not found`);
  const out = new Map<string, string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.txt') && !f.startsWith('._')).sort()) out.set(articleIdFromFile(f), readFileSync(join(dir, f), 'utf8'));
  return out;
}

export interface LabelledArticle {
  id: string;
  text: string;
  labels: string[];
}

/** Articles of subtask 1 or 2 in one language with their labels, in label-file order. */
export function loadArticleTask(dataDir: string, subtask: 1 | 2, isKnown: (l: string) => boolean, kind: string, lang = 'en'): LabelledArticle[] {
  const base = semeval2023LangDir(dataDir, lang);
  const file = join(base, `train-labels-subtask-${subtask}.txt`);
  const { rows, problems } = parseArticleLabels(readRequired(file, 'is --data a SemEval-2023 Task 3 folder?'), isKnown, kind, subtask === 1);
  throwFirst(file, problems);
  return rows.map((r) => ({ id: r.id, labels: r.labels, text: readRequired(join(base, `train-articles-subtask-${subtask}`, `article${r.id}.txt`), `article of ${file}`) }));
}

export interface ArticleLabelRow {
  id: string;
  labels: string[];
}

/**
 * Parses an article-level label file. `single` requires exactly one label per row (subtask 1).
 * `kind` names the label in messages ("genre", "frame").
 */
export function parseArticleLabels(text: string, isKnown: (l: string) => boolean, kind: string, single: boolean): { rows: ArticleLabelRow[]; problems: LineProblem[] } {
  const rows: ArticleLabelRow[] = [];
  const problems: LineProblem[] = [];
  const seen = new Set<string>();
  for (const { line, text: raw } of numberedLines(text)) {
    if (raw.trim() === '') continue;
    const cols = raw.split('\t');
    if (cols.length > 2 || (single && cols.length !== 2)) {
      problems.push({ line, message: `expected 2 tab-separated columns (id, ${kind}), found ${cols.length}` });
      continue;
    }
    const id = cols[0].trim();
    if (!id) {
      problems.push({ line, message: 'empty article id' });
      continue;
    }
    const labels = splitLabelCell(cols[1]);
    if (single && labels.length !== 1) {
      problems.push({ line, message: `expected exactly one ${kind}, found ${labels.length}` });
      continue;
    }
    const unknown = labels.filter((l) => !isKnown(l));
    if (unknown.length > 0) {
      problems.push({ line, message: `unknown ${kind} ${unknown.map((u) => `"${u}"`).join(', ')}` });
      continue;
    }
    if (seen.has(id)) {
      problems.push({ line, message: `article ${id} appears more than once` });
      continue;
    }
    seen.add(id);
    rows.push({ id, labels: [...new Set(labels)] });
  }
  return { rows, problems };
}

export function formatArticleLabels(rows: readonly ArticleLabelRow[]): string {
  return rows.map((r) => `${r.id}\t${r.labels.join(',')}\n`).join('');
}
