/**
 * SemEval-2023 Task 3 subtask 3 and PTC (SemEval-2020 Task 11) file formats (the article-level ones
 * are in corpora/semeval2023.ts). Every parser names the file and the 1-based line of the first bad
 * row in its error (`LabelFileError`), so a typo in a label file is found at once; callers that can
 * go on past bad rows use the `problems` lists instead.
 */
import { numberedLines, splitLabelCell, type LineProblem } from '../../corpora/semeval2023.js';
import { isTechnique, isPtcTechnique } from './taxonomy.js';

// ---------------------------------------------------------------------------------------------
// Subtask 3, paragraph level: `id<TAB>line<TAB>tech1,tech2` (labels) and `id<TAB>line<TAB>text` (template)

export interface ParagraphLabelRow {
  id: string;
  /** The paragraph's 1-based line number in its article. */
  line: number;
  techniques: string[];
  /** Where the row is in the label file (for error messages); absent for rows made in code. */
  fileLine?: number;
}

export interface TemplateRow {
  id: string;
  line: number;
  text: string;
  fileLine: number;
}

function parseLineNumber(cell: string | undefined): number | null {
  const s = (cell ?? '').trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 ? n : null;
}

/**
 * Parses a subtask-3 paragraph label file (gold or predictions). Unknown techniques, bad line
 * numbers and repeated (id, line) pairs are problems; those rows are skipped.
 */
export function parseParagraphLabels(text: string, options: { isKnown?: (t: string) => boolean } = {}): { rows: ParagraphLabelRow[]; problems: LineProblem[] } {
  const known = options.isKnown ?? isTechnique;
  const rows: ParagraphLabelRow[] = [];
  const problems: LineProblem[] = [];
  const seen = new Set<string>();
  for (const { line, text: raw } of numberedLines(text)) {
    if (raw.trim() === '') continue;
    const cols = raw.split('\t');
    if (cols.length < 2 || cols.length > 3) {
      problems.push({ line, message: `expected 3 tab-separated columns (id, line, techniques), found ${cols.length}` });
      continue;
    }
    const id = cols[0].trim();
    const no = parseLineNumber(cols[1]);
    if (!id) {
      problems.push({ line, message: 'empty article id' });
      continue;
    }
    if (no === null) {
      problems.push({ line, message: `bad paragraph line number "${cols[1]}"` });
      continue;
    }
    const techniques = splitLabelCell(cols[2]);
    const unknown = techniques.filter((t) => !known(t));
    if (unknown.length > 0) {
      problems.push({ line, message: `unknown technique ${unknown.map((u) => `"${u}"`).join(', ')}` });
      continue;
    }
    const key = `${id}\t${no}`;
    if (seen.has(key)) {
      problems.push({ line, message: `article ${id} line ${no} appears more than once` });
      continue;
    }
    seen.add(key);
    rows.push({ id, line: no, techniques: [...new Set(techniques)], fileLine: line });
  }
  return { rows, problems };
}

/** Parses a subtask-3 `.template` file (`id<TAB>line<TAB>paragraph text`). */
export function parseTemplate(text: string): { rows: TemplateRow[]; problems: LineProblem[] } {
  const rows: TemplateRow[] = [];
  const problems: LineProblem[] = [];
  for (const { line, text: raw } of numberedLines(text)) {
    if (raw.trim() === '') continue;
    const cols = raw.split('\t');
    const id = cols[0].trim();
    const no = parseLineNumber(cols[1]);
    if (!id || no === null) {
      problems.push({ line, message: `expected "id<TAB>line<TAB>text" with a positive line number` });
      continue;
    }
    rows.push({ id, line: no, text: cols.slice(2).join('\t'), fileLine: line });
  }
  return { rows, problems };
}

/** Official subtask-3 output: one row per paragraph, techniques comma-separated (may be empty). */
export function formatParagraphLabels(rows: readonly ParagraphLabelRow[]): string {
  return rows.map((r) => `${r.id}\t${r.line}\t${r.techniques.join(',')}\n`).join('');
}

/**
 * Whitespace as the official tools (Python's str.strip) see it: JavaScript's \s minus U+FEFF, so a
 * line holding only a stray byte-order mark still counts as a paragraph, as in the corpus templates.
 */
const PY_SPACE = /[^\S\uFEFF]/;

/** The 1-based numbers and trimmed offsets of the non-empty lines of an article (subtask-3 paragraphs). */
export function paragraphLines(article: string): { line: number; start: number; end: number }[] {
  const out: { line: number; start: number; end: number }[] = [];
  let line = 1;
  let start = 0;
  for (let i = 0; i <= article.length; i++) {
    if (i === article.length || article[i] === '\n') {
      let s = start;
      let e = i;
      while (s < e && PY_SPACE.test(article[s])) s++;
      while (e > s && PY_SPACE.test(article[e - 1])) e--;
      if (e > s) out.push({ line, start: s, end: e });
      line++;
      start = i + 1;
    }
  }
  return out;
}

/**
 * Checks that each row's line number is a non-empty line of its article. `articles` maps id →
 * article text; rows of unknown articles are problems too. Problems carry the row's file line.
 */
export function checkRowsAgainstArticles(rows: readonly { id: string; line: number; fileLine?: number }[], articles: ReadonlyMap<string, string>): LineProblem[] {
  const problems: LineProblem[] = [];
  const cache = new Map<string, Set<number>>();
  rows.forEach((r, k) => {
    const at = r.fileLine ?? k + 1;
    const text = articles.get(r.id);
    if (text === undefined) {
      problems.push({ line: at, message: `no article with id ${r.id}` });
      return;
    }
    let lines = cache.get(r.id);
    if (!lines) cache.set(r.id, (lines = new Set(paragraphLines(text).map((p) => p.line))));
    if (!lines.has(r.line)) problems.push({ line: at, message: `article ${r.id} has no non-empty line ${r.line}` });
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Spans: SemEval-2023 `id<TAB>technique<TAB>start<TAB>end`, PTC TC the same with PTC names, PTC SI `id<TAB>start<TAB>end`

export interface SpanLabelRow {
  id: string;
  technique: string;
  start: number;
  end: number;
}

/**
 * Parses a technique span file. `vocabulary` chooses the technique names accepted (SemEval-2023's
 * 23 or PTC's 14); `withTechnique: false` reads the PTC SI format (technique is then "").
 * With PTC TC templates the technique column may be "?" or "0": pass `placeholderTechnique: true`.
 */
export function parseSpanLabels(
  text: string,
  options: { vocabulary?: 'semeval2023' | 'ptc'; withTechnique?: boolean; placeholderTechnique?: boolean } = {},
): { rows: SpanLabelRow[]; problems: LineProblem[] } {
  const withTechnique = options.withTechnique ?? true;
  const known = options.vocabulary === 'ptc' ? isPtcTechnique : isTechnique;
  const rows: SpanLabelRow[] = [];
  const problems: LineProblem[] = [];
  for (const { line, text: raw } of numberedLines(text)) {
    if (raw.trim() === '') continue;
    const cols = raw.split('\t').map((c) => c.trim());
    const want = withTechnique ? 4 : 3;
    if (cols.length !== want) {
      problems.push({ line, message: `expected ${want} tab-separated columns, found ${cols.length}` });
      continue;
    }
    const [id, technique, s, e] = withTechnique ? cols : [cols[0], '', cols[1], cols[2]];
    if (!/^\d+$/.test(s) || !/^\d+$/.test(e) || Number(e) < Number(s)) {
      problems.push({ line, message: `bad offsets "${s}", "${e}" (need 0 <= start <= end)` });
      continue;
    }
    if (withTechnique && !options.placeholderTechnique && !known(technique)) {
      problems.push({ line, message: `unknown technique "${technique}"` });
      continue;
    }
    rows.push({ id, technique, start: Number(s), end: Number(e) });
  }
  return { rows, problems };
}

export function formatSpanLabels(rows: readonly SpanLabelRow[], withTechnique = true): string {
  return rows.map((r) => (withTechnique ? `${r.id}\t${r.technique}\t${r.start}\t${r.end}\n` : `${r.id}\t${r.start}\t${r.end}\n`)).join('');
}
