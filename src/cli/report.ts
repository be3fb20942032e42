/**
 * The readable terminal report for one Analysis: cleaning and provenance, then a section per task of
 * the registry (its own renderer here, or the generic one listing its label rows), what the scores
 * mean and the label priors they were decided under, then the notes.
 * Article text is untrusted: control characters and escape sequences are stripped before anything
 * reaches the terminal.
 */
import pc from 'picocolors';
import type { Analysis, DamageSpan, Narratives } from '../schema.js';
import { mergeDamage, type ArticleProvenance, type ClusterMember } from '../store/provenance.js';
import { byScore, subNarrativeName } from '../tasks/narratives/label-names.js';
import { TASKS } from '../tasks/registry.js';
import { batchPriorsText, confidenceMeaning } from '../tasks/shift.js';
import { taskTitle, type AnyTask } from '../tasks/task.js';

type Colors = ReturnType<typeof pc.createColors>;

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** Removes terminal control characters (ESC, C0/C1 controls) from untrusted text; collapses whitespace. */
export function safeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Shortens a quote to at most `max` characters on a word boundary. */
export function clip(text: string, max = 160): string {
  const t = safeText(text);
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const sp = cut.lastIndexOf(' ');
  return `${cut.slice(0, sp > max * 0.6 ? sp : max)}…`;
}

function languageLabel(a: Analysis): string {
  const { code, confidence, reliable, parts } = a.language;
  if (code === 'und') return 'undetermined';
  if (parts) return `mixed: ${parts.map((p) => `${p.name} ${Math.round(p.share * 100)}%`).join(', ')}`;
  let name = code;
  try {
    name = LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    /* unknown code: show it as is */
  }
  return `${name} (${code}, ${confidence.toFixed(2)}${reliable ? '' : ', unreliable'})`;
}

function lineOf(raw: string, offset: number): number {
  let line = 1;
  for (let i = raw.indexOf('\n'); i >= 0 && i < offset; i = raw.indexOf('\n', i + 1)) line++;
  return line;
}

/** A stable colour per technique for highlights and the legend. */
const PALETTE: ((c: Colors) => (s: string) => string)[] = [
  (c) => c.bgRed,
  (c) => c.bgYellow,
  (c) => c.bgBlue,
  (c) => c.bgMagenta,
  (c) => c.bgCyan,
  (c) => c.bgGreen,
];
function techniqueColor(c: Colors, technique: string): (s: string) => string {
  let h = 0;
  for (const ch of technique) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const bg = PALETTE[h % PALETTE.length](c);
  return (s: string) => bg(c.black(s));
}

/** Like safeText but keeps the spacing of a fragment (for splicing highlighted pieces into a line). */
function safeFragment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ').replace(/\s+/g, ' ');
}

function renderTechniques(a: Analysis, raw: string, c: Colors, color: boolean, out: string[]): void {
  const t = a.techniques;
  if (!t) return;
  out.push(c.bold('Persuasion techniques') + (t.spans.length === 0 ? '  none found' : ''));
  if (t.spans.length === 0) return;
  // Legend: a colour per technique on a terminal, a number in plain output.
  const index = new Map(t.summary.map((s, i) => [s.technique, i + 1]));
  for (const s of t.summary) {
    const tag = color ? techniqueColor(c, s.technique)(` ${s.technique} `) : `[${index.get(s.technique)}] ${s.technique}`;
    out.push(`  ${tag} ×${s.count} (${s.score.toFixed(2)})`);
  }
  const mark = (technique: string, text: string) =>
    color ? techniqueColor(c, technique)(text) : `[${text}]${index.get(technique) ?? '?'}`;
  // Each paragraph that holds a span, with its spans marked; where spans overlap the first one shows.
  for (const p of a.text.paragraphs) {
    const inside = t.spans.filter((s) => s.start < p.end && s.end > p.start).sort((x, y) => x.start - y.start);
    if (inside.length === 0) continue;
    let pos = p.start;
    let line = '';
    for (const s of inside) {
      const start = Math.max(s.start, pos);
      const end = Math.min(s.end, p.end);
      if (end <= start) continue;
      line += safeFragment(raw.slice(pos, start)) + mark(s.technique, safeFragment(raw.slice(start, end)));
      pos = end;
    }
    line += safeFragment(raw.slice(pos, p.end));
    out.push(`  ${c.dim('│')} ${line.trim()}`);
  }
}

/** A label's score, or for a language model's label (which has no probability) "model", and whether its quotes were found. */
function scoreOf(x: { score: number; tier?: string; verified?: boolean }): string {
  return x.tier && x.tier !== 'fast' ? (x.verified ? 'model' : 'model, unverified') : x.score.toFixed(2);
}

/** The domain as the report names it. */
function domainLabel(d: NonNullable<Narratives['domain']>): string {
  const name = d.label === 'none' ? 'none (neither the war in Ukraine nor climate change)' : d.label;
  return `  domain ${name} (${d.score.toFixed(2)})`;
}

/**
 * Narratives highest score first, each with its sub-narratives (highest first) and quotes; then the
 * dominant one, why it was chosen and its explanation. Every sentence is quoted once: a sentence of
 * the dominant explanation is not quoted again in the list, nor a sub-narrative's for its narrative.
 */
function renderNarratives(n: Narratives, c: Colors, out: string[]): void {
  if (n.status !== 'ok') {
    out.push(c.bold('Narratives') + `  unavailable: ${n.reason ?? 'no reason given'}`);
    return;
  }
  out.push(c.bold('Narratives') + (n.domain ? domainLabel(n.domain) : ''));
  if (n.narratives.length === 0) {
    out.push('  Other (no narrative chosen)');
    if (n.candidates?.length) out.push(`  ${c.dim(`closest, not chosen: ${n.candidates.map((x) => `${x.label} ${x.score.toFixed(2)}`).join(' · ')}`)}`);
  }
  const key = (s: { start: number; end: number }) => `${s.start}:${s.end}`;
  const shown = new Set((n.dominant?.evidence ?? []).map(key));
  const quote = (e: { start: number; end: number; text: string }) => {
    shown.add(key(e));
    return c.dim(`“${clip(e.text)}”`);
  };
  for (const nar of [...n.narratives].sort(byScore)) {
    out.push(`  ${c.green('●')} ${c.bold(nar.label)} ${c.dim(scoreOf(nar))}`);
    for (const sub of n.subNarratives.filter((s) => s.narrative === nar.label).sort(byScore)) {
      out.push(`      ▸ ${subNarrativeName(nar.label, sub.label)} ${c.dim(scoreOf(sub))}`);
      for (const e of sub.evidence.filter((e) => !shown.has(key(e))).slice(0, 2)) out.push(`        ${quote(e)}`);
    }
    for (const e of nar.evidence.filter((e) => !shown.has(key(e))).slice(0, 2)) out.push(`    ${quote(e)}`);
  }
  if (!n.dominant) return;
  const sub = subNarrativeName(n.dominant.narrative, n.dominant.subNarrative);
  out.push(`  ${c.bold('Dominant:')} ${n.dominant.narrative}${sub === 'Other' ? '' : ` → ${sub}`}`);
  if (n.dominant.reason) out.push(`    ${c.bold('Why:')} ${safeText(n.dominant.reason)}`);
  // A language model's explanation is its own words, not the article's sentences: it is not quoted as evidence.
  if (n.dominant.explanation && n.dominant.tier) out.push(`    ${c.bold('Explanation (model):')} ${safeText(n.dominant.explanation)}`);
  else if (n.dominant.explanation) out.push(`    ${c.bold('Evidence:')} ${c.dim(`“${safeText(n.dominant.explanation)}”`)}`);
}

export interface ReportOptions {
  color?: boolean;
  tasks?: readonly AnyTask[];
  /** The store's answer for a stored article (`show`): its copies and the words swapped against the earliest one. */
  provenance?: ArticleProvenance;
}

/** Renders the report. `raw` is the article's original text (offsets point into it). */
export function renderReport(a: Analysis, raw: string, options: ReportOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const out: string[] = [];
  out.push(c.bold(c.cyan(`━━ ${safeText(a.article.title) || '(untitled)'}`)));
  const meta = [a.article.id, a.article.source, a.article.publishedAt].filter(Boolean).map((s) => safeText(String(s)));
  out.push(`  ${c.dim(meta.join(' · '))}`);
  out.push(`  Language: ${languageLabel(a)}   Sentences: ${a.text.sentenceCount}   Words: ${a.text.wordCount}`);

  const removed = a.cleaning.removed;
  out.push(c.bold(`Cleaning`) + `  ${removed.length === 0 ? 'nothing removed' : `${removed.length} removed`}`);
  for (const r of removed) out.push(`  ${c.red('−')} line ${lineOf(raw, r.start)} ${c.yellow(r.rule)}: ${r.reason} ${c.dim(`"${clip(r.text, 90)}"`)}`);

  renderProvenance(a, raw, c, out, options.provenance);

  const sections = a as unknown as Record<string, unknown>;
  for (const task of options.tasks ?? TASKS) {
    if (sections[task.id] === undefined) continue;
    const own = SECTIONS[task.id];
    if (own) own(a, { raw, c, color: options.color ?? false, out });
    else renderLabelRows(task, sections[task.id], c, out);
  }
  renderConfidence(a, options.tasks ?? TASKS, c, out);
  for (const note of a.notes) out.push(`  ${c.yellow('!')} ${note}`);
  return out.join('\n');
}

interface SectionContext {
  raw: string;
  c: Colors;
  color: boolean;
  out: string[];
}

/** The tasks whose report sections are written here; any other task gets renderLabelRows. */
const SECTIONS: Record<string, (a: Analysis, x: SectionContext) => void> = {
  // The provenance section is rendered with cleaning, at the top, whether or not its task ran.
  provenance: () => undefined,
  narratives: (a, { c, out }) => renderNarratives(a.narratives!, c, out),
  entities: (a, { c, out }) => renderEntities(a, c, out),
  techniques: (a, { raw, c, color, out }) => renderTechniques(a, raw, c, color, out),
  genre: (a, { c, out }) => out.push(`${c.bold('Genre')}  ${a.genre!.label} ${c.dim(`(${Object.entries(a.genre!.scores).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(' · ')})`)}`),
};

/** The generic section: a line per facet of the task, its label rows with their scores ("none" when it has none). */
function renderLabelRows(task: AnyTask, section: unknown, c: Colors, out: string[]): void {
  const rows = task.labelRows(section);
  for (const facet of task.facets) {
    const mine = rows.filter((r) => r.task === facet.task);
    out.push(`${c.bold(facet.title)}  ${mine.length === 0 ? 'none' : mine.map((r) => `${safeText(r.label)} ${c.dim(r.score.toFixed(2))}`).join(', ')}`);
  }
}

/** Entities by main role, each with its fine roles, confidence and first evidence. */
function renderEntities(a: Analysis, c: Colors, out: string[]): void {
  const entities = a.entities ?? [];
  out.push(c.bold('Entities') + (entities.length === 0 ? '  none found' : ''));
  for (const role of ['Antagonist', 'Protagonist', 'Innocent'] as const) {
    const group = entities.filter((e) => e.mainRole === role);
    if (group.length === 0) continue;
    out.push(`  ${c.underline(role)}`);
    for (const e of group) {
      const fine = e.fineRoles.map((f) => f.role).join(', ');
      out.push(`    ${c.bold(safeText(e.name))} ${fine ? `(${fine}) ` : ''}${c.dim(scoreOf({ ...e, score: e.confidence }))}`);
      for (const ev of e.evidence.slice(0, 1)) out.push(`      ${c.dim(`“${clip(ev.text)}”`)}`);
    }
  }
}

/** What the scores mean, and for each task decided under its batch's label mix, that mix beside the training one. */
function renderConfidence(a: Analysis, tasks: readonly AnyTask[], c: Colors, out: string[]): void {
  const sections = a as unknown as Record<string, unknown>;
  if (!tasks.some((t) => sections[t.id] !== undefined)) return;
  out.push(`${c.bold('Confidence')}  ${c.dim(confidenceMeaning('0.70'))}`);
  for (const task of tasks) {
    const shift = a.labelShift?.[task.id];
    if (shift) out.push(`  ${taskTitle(task)}: ${safeText(batchPriorsText(shift))}`);
  }
}

/**
 * Provenance: the outlets the text names, its copies in the store (when given), machine-translation
 * damage with reasons (the analysis's own and the store's substitutions against the earliest copy)
 * and the sourcing summary with its attributions.
 */
export function renderProvenance(a: Analysis, raw: string, c: Colors, out: string[], stored?: ArticleProvenance): void {
  const p = a.provenance;
  out.push(c.bold('Provenance') + (p.attributedTo.length === 0 ? '  no outlet named' : ''));
  for (const x of p.attributedTo) out.push(`  attributed to ${c.bold(safeText(x.outlet))} (${x.kind}) ${c.dim(`"${clip(x.text, 100)}"`)}`);
  if (stored) renderCopies(stored, c, out);
  const damage = damageSpans(a, stored);
  if (p.damage !== undefined || damage.length) {
    out.push(`  ${c.bold('Damage')}  ${damage.length === 0 ? 'no machine-translation damage found' : `${damage.length} span(s)`}`);
    for (const d of damage) out.push(`    line ${lineOf(raw, d.start)} ${c.yellow(`"${clip(d.text, 60)}"`)}${d.expected ? ` → ${safeText(d.expected)}` : ''}  ${d.kind}: ${safeText(d.reason)} ${c.dim(`(${d.confidence.toFixed(2)})`)}`);
  }
  if (p.sourcing) {
    const s = p.sourcing;
    out.push(`  ${c.bold('Sourcing')}  ${safeText(s.summary)}`);
    for (const span of [...s.spans].sort((x, y) => x.start - y.start)) {
      const who = span.kind === 'named' ? `named${span.source ? ` (${safeText(span.source)})` : ''}` : c.red('anonymous');
      // A span that is its cue alone ("reportedly") is not quoted twice.
      const quoted = span.text.trim().toLowerCase() === span.cue.toLowerCase() ? '' : ` ${c.dim(`“${clip(span.text, 100)}”`)}`;
      out.push(`    ${who} "${safeText(span.cue)}"${quoted}`);
    }
  }
  if (p.damage === undefined && p.sourcing === undefined && !p.note) out.push(`  ${c.dim('damage and sourcing not looked for (the provenance task did not run)')}`);
  if (p.note) out.push(`  ${c.yellow('!')} ${safeText(p.note)}`);
}

/** The analysis's damage spans and the store's substitutions, in text order (mergeDamage). */
export function damageSpans(a: Analysis, stored?: ArticleProvenance): DamageSpan[] {
  return mergeDamage(a.provenance.damage, stored?.substitutions);
}

/** A cluster member as one line: id, source, date, what it shares, whether it came first. */
export function memberLine(m: ClusterMember & { overlapWithThis?: number }, c: Colors): string {
  const shared =
    m.overlapWithThis !== undefined ? `  ${c.dim(`overlap ${m.overlapWithThis.toFixed(2)} with this`)}` : m.earliest ? '' : `  ${c.dim(`overlap ${m.overlap.toFixed(2)} with the earliest`)}`;
  return `${safeText(m.id)}  ${safeText(m.source ?? '-')}  ${m.seenAt.slice(0, 10)}${shared}${m.earliest ? `  ${c.bold('earliest')}` : ''}  ${c.dim(clip(m.title || '(untitled)', 60))}`;
}

/** The article's copies in the store, and which of them came first. */
function renderCopies(stored: ArticleProvenance, c: Colors, out: string[]): void {
  if (!stored.cluster) {
    out.push(`  ${c.bold('Copies')}  ${stored.note ? `not compared: ${safeText(stored.note)}` : 'none stored (no other article is a near-duplicate of this one)'}`);
    return;
  }
  const e = stored.cluster.earliest;
  const standing = stored.isCopy ? `a copy; earliest ${safeText(e.id)} (${safeText(e.source ?? 'no source')}, ${e.seenAt.slice(0, 10)})` : 'the earliest of its cluster';
  out.push(`  ${c.bold('Copies')}  ${stored.copies.length} other article(s) in cluster ${safeText(stored.cluster.id)}; this is ${standing}`);
  for (const m of stored.copies) out.push(`    ${memberLine(m, c)}`);
}
