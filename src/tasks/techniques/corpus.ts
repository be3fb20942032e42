/**
 * Reads the SemEval-2023 Task 3 paragraph data of one language (`../shared/data/semeval2023-t3/<LANG>`) and PTC
 * (`../shared/data/ptc-semeval2020-t11`) at run time. Nothing from the corpora is stored in the
 * repository; only trained weights are.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LabelFileError, readArticleFolder, readRequired, semeval2023LangDir, throwFirst } from '../../corpora/semeval2023.js';
import { paragraphLines, parseParagraphLabels, parseSpanLabels, type SpanLabelRow } from './io.js';
import { isTechnique } from './taxonomy.js';

/** $NARRASCOPE_PTC or ../shared/data/ptc-semeval2020-t11. */
export function defaultPtcDir(): string {
  return process.env.NARRASCOPE_PTC ?? join(process.cwd(), '..', 'shared', 'data', 'ptc-semeval2020-t11');
}

/**
 * Label repairs for known defects of the distributed files (see the corpus PROVENANCE.md): the
 * combined subtask-3 training file has one misspelled technique whose per-article file is right.
 */
const KNOWN_MISSPELLINGS: Record<string, string> = { 'Appeal_to_Fear-Prejudi-čce': 'Appeal_to_Fear-Prejudice' };

export interface ParagraphExample {
  id: string;
  line: number;
  text: string;
  techniques: string[];
  /** Offsets of the paragraph in its article. */
  start: number;
  end: number;
}

export interface TechniqueCorpus {
  articles: Map<string, string>;
  paragraphs: ParagraphExample[];
  spans: SpanLabelRow[];
}

/**
 * Subtask-3 training data of one language: articles, labelled paragraphs and gold spans. The
 * paragraphs are the rows of the label file (every paragraph, with or without techniques), their
 * text read from the article by line number: the non-English templates have glued rows (see the
 * corpus PROVENANCE.md), the label files and articles do not. Span offsets are kept as the files
 * give them (some non-English articles count a newline as two characters).
 */
export function loadTechniqueCorpus(dataDir: string, warn: (msg: string) => void = () => {}, lang = 'en'): TechniqueCorpus {
  const base = semeval2023LangDir(dataDir, lang);
  const articles = readArticleFolder(join(base, 'train-articles-subtask-3'));
  const labelFile = join(base, 'train-labels-subtask-3.txt');
  const labelText = readRequired(labelFile, 'is --data a SemEval-2023 Task 3 folder?');
  const { rows, problems } = parseParagraphLabels(labelText, { isKnown: (t) => isTechnique(t) || t in KNOWN_MISSPELLINGS });
  throwFirst(labelFile, problems);
  const paragraphs: ParagraphExample[] = [];
  const lineCache = new Map<string, Map<number, { start: number; end: number }>>();
  for (const r of rows) {
    const techniques = r.techniques.map((t) => {
      if (!(t in KNOWN_MISSPELLINGS)) return t;
      warn(`${labelFile}:${r.fileLine}: repaired known misspelling "${t}"`);
      return KNOWN_MISSPELLINGS[t];
    });
    const article = articles.get(r.id);
    if (article === undefined) throw new LabelFileError(labelFile, r.fileLine ?? 0, `no article with id ${r.id} in train-articles-subtask-3`);
    let lines = lineCache.get(r.id);
    if (!lines) lineCache.set(r.id, (lines = lineOffsets(article)));
    const at = lines.get(r.line);
    if (!at) throw new LabelFileError(labelFile, r.fileLine ?? 0, `article ${r.id} has no non-empty line ${r.line}`);
    paragraphs.push({ id: r.id, line: r.line, text: article.slice(at.start, at.end), techniques: [...new Set(techniques)], ...at });
  }
  const spans: SpanLabelRow[] = [];
  const spanDir = join(base, 'train-labels-subtask-3-spans');
  if (existsSync(spanDir)) {
    for (const f of readdirSync(spanDir).filter((f) => !f.startsWith('._')).sort()) {
      const path = join(spanDir, f);
      const parsed = parseSpanLabels(readFileSync(path, 'utf8'));
      throwFirst(path, parsed.problems);
      spans.push(...parsed.rows);
    }
  }
  return { articles, paragraphs, spans };
}

/** Line number → offsets of each non-empty line (trimmed) of an article. */
export function lineOffsets(article: string): Map<number, { start: number; end: number }> {
  return new Map(paragraphLines(article).map((p) => [p.line, { start: p.start, end: p.end }]));
}

export interface PtcCorpus {
  articles: Map<string, string>;
  /** TC spans with PTC technique names. */
  spans: SpanLabelRow[];
}

/** PTC training articles and their technique spans. */
export function loadPtcCorpus(ptcDir: string): PtcCorpus {
  const articles = readArticleFolder(join(ptcDir, 'train-articles'));
  const file = join(ptcDir, 'train-task-flc-tc.labels');
  const { rows, problems } = parseSpanLabels(readRequired(file, 'is --ptc a PTC v2 folder?'), { vocabulary: 'ptc' });
  throwFirst(file, problems);
  return { articles, spans: rows };
}
