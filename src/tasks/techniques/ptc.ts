/**
 * PTC (SemEval-2020 Task 11): predictions in its official SI and TC formats from a techniques-recipe
 * model, and cross-validation on the PTC training articles with its own metrics. One recipe serves
 * both: each line (PTC holds one sentence per line) is scored by the model; SI spans are the
 * techniques task's own spans — for each technique above its threshold, the trimmed phrase that
 * carries it (spans.ts), plus the surface-form detectors' spans — merged per article; TC gives each
 * template span the most probable PTC technique of its text. A model with SemEval-2023 labels has
 * its techniques mapped onto PTC's 14 (taxonomy.ts toPtcTechnique; the ones PTC lacks are dropped).
 */
import { hashMarkedTexts } from '../../features/index.js';
import { mergeSpans, type Span } from '../../doc/span.js';
import { existsSync, readFileSync } from 'node:fs';
import { LabelFileError, numberedLines, readArticleFolder, throwFirst } from '../../corpora/semeval2023.js';
import { fitMultiLabel, foldSplit, groupedFolds, labelIds, loadTaskModel, ModelVectorizer, type FittedMultiLabel, type MultiLabelConfig, type TaskModel } from '../../learn/index.js';
import { languageModelPath, taskModelDir, taskModelPath } from '../models.js';
import { loadPtcCorpus, type PtcCorpus } from './corpus.js';
import { runDetectors } from './detectors/index.js';
import { cutLongSpans } from './spans.js';
import { formatSpanLabels, paragraphLines, parseSpanLabels, type SpanLabelRow } from './io.js';
import { scoreSpanIdentification, scoreTechniqueClassification, scoreTechniqueSpans, type SpanScore, type TcSpan } from './score.js';
import { attribution, phraseSpan, type Attribution, type SpanModel } from './spans.js';
import { isPtcTechnique, PTC_TECHNIQUES, toPtcTechnique, type PtcTechnique } from './taxonomy.js';
import { TECHNIQUES_CONFIG } from './train.js';

/** PTC articles are English news; the detectors and the phrase trimming read English. */
const PTC_LANGUAGE = 'en';

export interface PtcCv {
  si: SpanScore;
  /** The SI measure counting overlap only between spans of one technique (FLC). */
  flc: SpanScore;
  tc: SpanScore;
  articles: number;
  seconds: number;
}

/** One line (sentence) of a PTC article, labelled with the techniques of the gold spans it overlaps. */
export interface PtcLine {
  id: string;
  /** Article index, for grouped folds. */
  group: number;
  start: number;
  end: number;
  text: string;
  labels: string[];
}

/** The lines of every PTC training article with their labels, and the gold spans by article. */
export function ptcLines(corpus: PtcCorpus): { lines: PtcLine[]; spansOf: Map<string, TcSpan[]> } {
  const { articles, spans } = corpus;
  const spansOf = new Map<string, TcSpan[]>();
  for (const s of spans) spansOf.set(s.id, [...(spansOf.get(s.id) ?? []), s]);
  const lines: PtcLine[] = [];
  [...articles.keys()].forEach((id, g) => {
    const text = articles.get(id)!;
    for (const p of paragraphLines(text)) {
      const labels = [...new Set((spansOf.get(id) ?? []).filter((s) => s.start < p.end && s.end > p.start).map((s) => s.technique))];
      lines.push({ id, group: g, start: p.start, end: p.end, text: text.slice(p.start, p.end), labels });
    }
  });
  return { lines, spansOf };
}

/** What PTC predictions read of a techniques-recipe model, made once per model. */
export interface PtcPredictor {
  vectorizer: ModelVectorizer;
  thresholds: readonly number[];
  /** The PTC technique of each model label, or null for a technique PTC does not have. */
  ptcLabels: readonly (PtcTechnique | null)[];
  spanModel: SpanModel;
  /** Add the surface-form detectors' spans to SI (default true). */
  detectors: boolean;
}

/** A model label as a PTC technique: PTC names stay, SemEval-2023 names map onto PTC's classes. */
export function ptcTechniqueOf(label: string): PtcTechnique | null {
  return isPtcTechnique(label) ? label : toPtcTechnique(label);
}

/** The predictor of a stored or freshly fitted techniques-recipe model (labels PTC or SemEval-2023 names). */
export function ptcPredictor(model: TaskModel, options: { detectors?: boolean } = {}): PtcPredictor {
  const thresholds = model.meta.thresholds as number[] | undefined;
  if (!Array.isArray(thresholds) || thresholds.length !== model.model.labels.length) throw new Error(`model ${model.version}: no per-label thresholds, not a techniques model`);
  return {
    vectorizer: new ModelVectorizer(model),
    thresholds,
    ptcLabels: model.model.labels.map(ptcTechniqueOf),
    spanModel: { space: model.space, model: model.model, hasher: model.hasher, mark: model.meta.prepare === 'mark' },
    detectors: options.detectors ?? true,
  };
}

/**
 * The technique spans of one article as the techniques task makes them: per line, each technique
 * above its threshold narrowed to its trimmed phrase, plus the detectors' spans; PTC names only.
 */
export function ptcTechniqueSpans(p: PtcPredictor, id: string, text: string): TcSpan[] {
  const out: TcSpan[] = [];
  for (const line of cutLongSpans(text, paragraphLines(text))) {
    const sentence = text.slice(line.start, line.end);
    const scores = p.vectorizer.scores(sentence);
    let att: Attribution | undefined;
    p.ptcLabels.forEach((technique, l) => {
      if (!technique || scores[l] < p.thresholds[l]) return;
      att ??= attribution(sentence, p.spanModel);
      const phrase = phraseSpan(sentence, p.spanModel, l, PTC_LANGUAGE, undefined, att);
      out.push({ id, technique, start: line.start + phrase.start, end: line.start + phrase.end });
    });
  }
  if (p.detectors)
    for (const f of runDetectors(text, PTC_LANGUAGE)) {
      const technique = toPtcTechnique(f.technique);
      if (technique && f.end > f.start) out.push({ id, technique, start: f.start, end: f.end });
    }
  return out;
}

/**
 * SI rows of one article: its technique spans merged where they overlap or touch (the official
 * scorer rejects overlapping spans of one article), in text order.
 */
export function ptcSiRows(p: PtcPredictor, id: string, text: string): SpanLabelRow[] {
  return mergeSpans(ptcTechniqueSpans(p, id, text)).map((s) => ({ id, technique: '', start: s.start, end: s.end }));
}

/** The PTC techniques ordered by the model's score for `text`, most probable first (a class scores its best part). */
export function rankPtcTechniques(p: PtcPredictor, text: string): PtcTechnique[] {
  const scores = p.vectorizer.scores(text);
  const best = new Map<PtcTechnique, number>(PTC_TECHNIQUES.map((t) => [t, -Infinity]));
  p.ptcLabels.forEach((t, l) => {
    if (t && scores[l] > best.get(t)!) best.set(t, scores[l]);
  });
  return [...PTC_TECHNIQUES].sort((a, b) => best.get(b)! - best.get(a)! || PTC_TECHNIQUES.indexOf(a) - PTC_TECHNIQUES.indexOf(b));
}

/**
 * TC rows for the spans of a TC template, in its order. A span listed n times (PTC's way of giving a
 * span several techniques) gets its n most probable techniques, one per row, so no row repeats
 * another. A span outside its article, or of an article not given, is an error naming the template
 * file and line (`fileLines[i]` is row i's line; rows made in code count from 1).
 */
export function ptcTcRows(p: PtcPredictor, template: readonly SpanLabelRow[], articles: ReadonlyMap<string, string>, templateFile = 'template', fileLines?: readonly number[]): SpanLabelRow[] {
  const seen = new Map<string, number>();
  const ranked = new Map<string, PtcTechnique[]>();
  return template.map((r, i) => {
    const text = articles.get(r.id);
    const at = fileLines?.[i] ?? i + 1;
    if (text === undefined) throw new LabelFileError(templateFile, at, `no article with id ${r.id}`);
    if (r.end > text.length || r.end <= r.start) throw new LabelFileError(templateFile, at, `span ${r.start}-${r.end} is empty or past the end of article ${r.id} (${text.length} characters)`);
    const key = `${r.id}\t${r.start}\t${r.end}`;
    const order = ranked.get(key) ?? rankPtcTechniques(p, text.slice(r.start, r.end));
    ranked.set(key, order);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return { id: r.id, technique: order[Math.min(n, order.length - 1)], start: r.start, end: r.end };
  });
}

/**
 * A PTC TC template (`id<TAB>?<TAB>start<TAB>end`; this corpus's copy has `0` for `?`) with the file
 * line of each row; a malformed row is an error naming the file and line.
 */
export function readPtcTemplate(text: string, file: string): { rows: SpanLabelRow[]; fileLines: number[] } {
  const { rows, problems } = parseSpanLabels(text, { vocabulary: 'ptc', withTechnique: true, placeholderTechnique: true });
  throwFirst(file, problems);
  // With no problem, every non-blank line is one row, in order.
  return { rows, fileLines: numberedLines(text).flatMap((l) => (l.text.trim() === '' ? [] : [l.line])) };
}

/** The official PTC output for a folder's articles: SI (`id<TAB>start<TAB>end`) or, given a TC template, TC rows. */
export function ptcPrediction(p: PtcPredictor, articles: ReadonlyMap<string, string>, task: { format: 'si' } | { format: 'tc'; template: string; templateFile: string }): string {
  if (task.format === 'si') return formatSpanLabels([...articles].flatMap(([id, text]) => ptcSiRows(p, id, text)), false);
  const { rows, fileLines } = readPtcTemplate(task.template, task.templateFile);
  return formatSpanLabels(ptcTcRows(p, rows, articles, task.templateFile, fileLines));
}

export interface PtcPredictOptions {
  format?: string;
  template?: string;
  model?: string;
  detectors?: boolean;
}

/** The English techniques model: `models/techniques/EN.nscm` when there are per-language models, else `techniques.nscm`. */
export function defaultPtcModelPath(): string {
  const perLanguage = languageModelPath(taskModelDir('techniques'), PTC_LANGUAGE);
  return existsSync(perLanguage) ? perLanguage : taskModelPath('techniques');
}

/**
 * `predict techniques <articles-dir> --format ptc-si|ptc-tc`: checks the options, loads the model and
 * articles, returns the file to print.
 */
export function predictPtc(dir: string, o: PtcPredictOptions): string {
  if (o.format !== 'ptc-si' && o.format !== 'ptc-tc') throw new Error(`--format: expected "semeval2023", "ptc-si" or "ptc-tc", got "${o.format ?? ''}"`);
  if (o.format === 'ptc-tc' && !o.template) throw new Error('--format ptc-tc needs --template FILE (the PTC TC template: id, ?, start, end)');
  const p = ptcPredictor(loadTaskModel(o.model ?? defaultPtcModelPath(), 'techniques'), { detectors: o.detectors });
  const articles = readArticleFolder(dir);
  if (o.format === 'ptc-si') return ptcPrediction(p, articles, { format: 'si' });
  let template: string;
  try {
    template = readFileSync(o.template!, 'utf8');
  } catch {
    throw new Error(`${o.template}: cannot read file`);
  }
  return ptcPrediction(p, articles, { format: 'tc', template, templateFile: o.template! });
}

/** A fold's fit in the form a stored model has, so cross-validation predicts through ptcPredictor as `predict ptc` does. */
function foldModel(fit: FittedMultiLabel, cfg: MultiLabelConfig, name: string): TaskModel {
  return { task: 'techniques', version: name, hasher: cfg.hasher, space: fit.space, model: fit.model, meta: { prepare: 'mark', thresholds: Array.from(fit.thresholds) } };
}

/** Groups spans by article id. */
function byArticle(spans: readonly { id: string; start: number; end: number }[]): Map<string, Span[]> {
  const m = new Map<string, Span[]>();
  for (const s of spans) m.set(s.id, [...(m.get(s.id) ?? []), { start: s.start, end: s.end }]);
  return m;
}

/**
 * k-fold cross-validation by article on the PTC training split: the techniques recipe is trained on
 * each fold's training lines with PTC labels (thresholds from its inner folds), and the held-out
 * articles are predicted exactly as `predict ptc` does, SI from the articles and TC from the gold spans.
 */
export function crossValidatePtc(ptcDir: string, k: number, seed: number, cfg: MultiLabelConfig = TECHNIQUES_CONFIG, log: (m: string) => void = () => {}): PtcCv {
  const t0 = performance.now();
  const corpus = loadPtcCorpus(ptcDir);
  const { articles, spans } = corpus;
  const { lines } = ptcLines(corpus);
  const Y = labelIds(lines.map((l) => l.labels), PTC_TECHNIQUES);
  const counts = hashMarkedTexts(lines.map((l) => l.text), cfg.hasher);
  const groups = lines.map((l) => l.group);
  const folds = groupedFolds(Y, k, seed, groups);
  const articleFold = new Map(lines.map((l, i) => [l.id, folds[i]]));
  const predicted: TcSpan[] = [];
  const siRows: SpanLabelRow[] = [];
  const tcRows: SpanLabelRow[] = [];
  for (let f = 0; f < k; f++) {
    const { train } = foldSplit(folds, f);
    const fit = fitMultiLabel(train.map((i) => counts[i]), train.map((i) => Y[i]), PTC_TECHNIQUES, { ...cfg, seed }, [], undefined, train.map((i) => groups[i]));
    const p = ptcPredictor(foldModel(fit, cfg, `ptc-fold-${f + 1}-of-${k}`));
    for (const [id, text] of articles) {
      if (articleFold.get(id) !== f) continue;
      predicted.push(...ptcTechniqueSpans(p, id, text));
      siRows.push(...ptcSiRows(p, id, text));
    }
    tcRows.push(...ptcTcRows(p, spans.filter((s) => articleFold.get(s.id) === f), articles));
    log(`ptc fold ${f + 1}/${k}: inner micro-F1 ${fit.innerF1.toFixed(3)}`);
  }
  const si = scoreSpanIdentification(byArticle(spans), byArticle(siRows));
  const flc = scoreTechniqueSpans(spans, predicted);
  const { perTechnique: _unused, ...tc } = scoreTechniqueClassification(spans, tcRows);
  void _unused;
  return { si, flc, tc, articles: articles.size, seconds: (performance.now() - t0) / 1000 };
}
