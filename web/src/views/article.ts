/**
 * The article view, shared by stored articles and /api/analyze results: highlighted text with a
 * legend, narrative cards with evidence that scrolls to its place, entities by role, one panel for
 * the labels of every other task (GET /api/tasks), what the scores mean and the label mix they were
 * decided under, and the cleaning and provenance panel; for a stored article, the labels as decided with the
 * analysts' correction controls (corrections.ts) and the text's technique spans as decided.
 */
import { api, type Analysis, type ArticleDetail, type ArticleProvenanceBody, type TaxonomyBody } from '../api.js';
import { techniqueColor, techniqueName } from '../colors.js';
import { clear, h, hostOf, notice, percent, safeLink } from '../dom.js';
import { renderHighlightedText, type HighlightedText } from '../highlight.js';
import { subNarrativeName } from '../../../src/tasks/narratives/label-names.js';
import { batchPriorsText, confidenceMeaning } from '../../../src/tasks/shift.js';
import { labelDisplay, taskList, type TaskInfo } from '../tasks.js';
import { correctionsPanel, withShownSpans } from './corrections.js';
import { allDamage, provenanceDetailPanel } from './provenance-article.js';

type Flash = HighlightedText['flash'];

function quoteButton(text: string, range: { start: number; end: number }, flash: Flash): HTMLElement {
  const short = text.length > 140 ? `${text.slice(0, 137)}…` : text;
  return h('button', { class: 'quote', attrs: { type: 'button' }, title: 'Show in the text', on: { click: () => flash(range) } }, `“${short}”`);
}

function scoreBar(score: number): HTMLElement {
  const fill = h('span', { class: 'score-fill' });
  fill.style.width = percent(Math.max(0, Math.min(1, score)));
  return h('span', { class: 'score', title: `score ${score.toFixed(2)}` }, h('span', { class: 'score-track' }, fill), h('span', { class: 'score-text' }, percent(score)));
}

/** A label's score bar, or for a language model's label (no probability) its tier marker: the model's id as the tooltip, unverified when no quote was found. */
function labelScore(x: { score: number; tier?: string; model?: string; verified?: boolean }): HTMLElement {
  if (!x.tier || x.tier === 'fast') return scoreBar(x.score);
  const text = x.verified ? 'model' : 'model · unverified';
  const why = x.verified ? 'its quotes were found in the text' : 'none of its quotes was found in the text';
  return h('span', { class: `tier-mark${x.verified ? '' : ' unverified'}`, title: `labelled by ${x.model ?? 'a language model'} (${x.tier} tier); ${why}` }, text);
}

function legend(a: Analysis, flash: Flash): HTMLElement | null {
  const t = a.techniques;
  if (!t || t.spans.length === 0) return null;
  const counts = new Map<string, number>();
  for (const s of t.spans) counts.set(s.technique, (counts.get(s.technique) ?? 0) + 1);
  return h(
    'div',
    { class: 'legend', attrs: { 'aria-label': 'Techniques in this article' } },
    [...counts].map(([technique, n]) => {
      const swatch = h('span', { class: 'swatch' });
      swatch.style.background = techniqueColor(technique);
      const first = t.spans.find((s) => s.technique === technique)!;
      return h(
        'button',
        { class: 'legend-item', attrs: { type: 'button' }, data: { technique }, title: 'Show the first occurrence', on: { click: () => flash(first) } },
        swatch,
        `${techniqueName(technique)} ×${n}`,
      );
    }),
  );
}

/** The spans in order of first appearance, each once (a sentence can be evidence for several labels). */
function distinctSpans<T extends { start: number; end: number }>(spans: readonly T[]): T[] {
  const seen = new Set<string>();
  return spans.filter((e) => {
    const key = `${e.start}:${e.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A sub-narrative's own name without its narrative's prefix; null for "<narrative>: Other". */
function specificSub(narrative: string, subNarrative: string): string | null {
  const name = subNarrativeName(narrative, subNarrative);
  return name === 'Other' ? null : name;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const spanKey = (e: { start: number; end: number }) => `${e.start}:${e.end}`;

/** Scrolls to a card and makes it flash, for a reference from another card. */
function showCard(card: HTMLElement): void {
  card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  card.classList.remove('flash');
  void card.offsetWidth; // restart the animation on a second click
  card.classList.add('flash');
}

type Narratives = NonNullable<Analysis['narratives']>;

/**
 * The dominant narrative and its explanation. The explanation is the dominant evidence sentences
 * joined, so it is their one appearance: a button flashes them in the text, and the card of the same
 * narrative refers here instead of quoting them again. A language model's explanation is its own
 * words; the tier marker says so, and the button shows the quotes it verified.
 */
function dominantCard(dominant: NonNullable<Narratives['dominant']>, flash: Flash): HTMLElement {
  const sub = specificSub(dominant.narrative, dominant.subNarrative);
  const count = dominant.evidence.length;
  return h(
    'div',
    { class: 'card dominant', attrs: { 'data-testid': 'dominant' } },
    h('div', { class: 'card-kicker' }, 'Dominant', dominant.tier ? ' ' : null, dominant.tier ? labelScore({ ...dominant, score: 1 }) : null),
    h('div', { class: 'card-title' }, dominant.narrative),
    sub && h('div', { class: 'card-subtitle' }, `▸ ${sub}`),
    h('p', { class: 'explanation' }, dominant.explanation),
    count
      ? h('button', { class: 'show-evidence', attrs: { type: 'button' }, on: { click: () => flash(...dominant.evidence) } }, `Show ${plural(count, 'this sentence', 'these sentences')} in the text`)
      : null,
  );
}

/** A narrative's card: score, sub-narratives, and its evidence less what `explained` (the dominant card) already quotes. */
function narrativeCard(n: Narratives, nar: Narratives['narratives'][number], raw: string, flash: Flash, explained?: { card: HTMLElement; keys: Set<string> }): HTMLElement {
  const subs = n.subNarratives.filter((s) => s.narrative === nar.label);
  const evidence = distinctSpans([...nar.evidence, ...subs.flatMap((s) => s.evidence)]);
  const quoted = explained ? evidence.filter((e) => explained.keys.has(spanKey(e))).length : 0;
  return h(
    'div',
    { class: 'card narrative-card', data: { narrative: nar.label } },
    h('div', { class: 'card-head' }, h('span', { class: 'card-title' }, nar.label), labelScore(nar)),
    subs.length ? h('ul', { class: 'subs' }, subs.map((s) => h('li', {}, h('span', {}, subNarrativeName(nar.label, s.label)), ' ', labelScore(s)))) : null,
    h(
      'div',
      { class: 'quotes' },
      evidence.filter((e) => !explained?.keys.has(spanKey(e))).map((e) => quoteButton(e.text || raw.slice(e.start, e.end), e, flash)),
      quoted && explained
        ? h(
            'button',
            { class: 'see-dominant', attrs: { type: 'button' }, on: { click: () => showCard(explained.card) } },
            `↑ ${plural(quoted, 'One sentence', `${quoted} sentences`)} quoted in the dominant explanation above`,
          )
        : null,
    ),
  );
}

/** The model's narrative cards of labels an analyst rejected: struck through, saying who rejected them. */
function withRejectedMarked(panel: HTMLElement, effective: ArticleDetail['effective']): HTMLElement {
  for (const l of effective?.narratives?.rejected ?? []) {
    const card = [...panel.querySelectorAll<HTMLElement>('.narrative-card')].find((c) => c.dataset.narrative === l.label);
    if (!card || card.classList.contains('rejected')) continue;
    card.classList.add('rejected');
    card.querySelector('.card-head')?.after(h('p', { class: 'muted small', attrs: { 'data-testid': 'rejected-note' } }, `The model's label, rejected${l.author ? ` by ${l.author}` : ''}.`));
  }
  return panel;
}

function narrativesPanel(a: Analysis, raw: string, flash: Flash): HTMLElement {
  const n = a.narratives;
  const panel = h('section', { class: 'panel', attrs: { 'aria-label': 'Narratives' } }, h('h3', {}, 'Narratives'));
  if (!n) return (panel.append(notice('The narrative model did not run on this article.')), panel);
  if (n.status !== 'ok') return (panel.append(notice(n.reason ?? 'Narratives are unavailable for this article.')), panel);
  if (n.domain) {
    const name = n.domain.label === 'none' ? 'none (neither the war in Ukraine nor climate change)' : n.domain.label;
    panel.append(h('p', { class: 'muted' }, `Domain: ${name} (${percent(n.domain.score)})`));
  }
  const dominant = n.dominant ? { card: dominantCard(n.dominant, flash), keys: new Set(n.dominant.evidence.map(spanKey)) } : undefined;
  if (dominant) panel.append(dominant.card);
  if (n.narratives.length === 0) {
    panel.append(notice('No narrative found (Other).'));
    if (n.candidates?.length) panel.append(h('p', { class: 'muted candidates' }, `Closest, not chosen: ${n.candidates.map((c) => `${c.label} (${percent(c.score)})`).join(' · ')}`));
  }
  for (const nar of n.narratives) panel.append(narrativeCard(n, nar, raw, flash, nar.label === n.dominant?.narrative ? dominant : undefined));
  return panel;
}

function entitiesPanel(a: Analysis, flash: Flash): HTMLElement | null {
  if (!a.entities) return null;
  const panel = h('section', { class: 'panel', attrs: { 'aria-label': 'Entities' } }, h('h3', {}, 'Entities by role'));
  if (a.entities.length === 0) return (panel.append(notice('No entity with a role found.')), panel);
  const roles = ['Protagonist', 'Antagonist', 'Innocent'] as const;
  panel.append(
    h(
      'div',
      { class: 'roles' },
      roles.map((role) =>
        h(
          'div',
          { class: `role role-${role.toLowerCase()}` },
          h('h4', {}, role),
          a.entities!
            .filter((e) => e.mainRole === role)
            .map((e) =>
              h(
                'div',
                { class: 'entity' },
                h(
                  'button',
                  { class: 'entity-name', attrs: { type: 'button' }, title: 'Show the first mention', on: { click: () => e.mentions[0] && flash(e.mentions[0]) } },
                  e.name,
                ),
                h('span', { class: 'muted' }, ` ${e.fineRoles.map((r) => r.role).join(', ')} · ${e.tier ? '' : `${percent(e.confidence)} · `}${e.mentions.length} mention(s) `),
                e.tier ? labelScore({ ...e, score: e.confidence }) : null,
              ),
            ),
        ),
      ),
    ),
  );
  return panel;
}

/** The tasks with panels (or the text's highlights) of their own above; every other task's labels go to labelsPanel. */
const OWN_VIEW = new Set(['narratives', 'entities', 'techniques']);

type Scored = { label: string; score?: number; scores?: Record<string, number> };
const isScored = (x: unknown): x is Scored => typeof x === 'object' && x !== null && typeof (x as Scored).label === 'string';
const scoreOf = (x: Scored) => x.score ?? x.scores?.[x.label] ?? 0;

/**
 * A task's section as the labels panel shows it: one label (`{label, score}` or `{label, scores}`) as
 * "Title: label (score)", a list of them as chips; null for an empty list or another shape.
 */
function sectionView(task: TaskInfo, section: unknown): HTMLElement | null {
  if (Array.isArray(section)) {
    const labels = section.filter(isScored);
    return labels.length ? h('ul', { class: 'chips' }, labels.map((l) => h('li', { class: 'chip' }, `${labelDisplay(l.label)} ${percent(scoreOf(l))}`))) : null;
  }
  return isScored(section) ? h('p', {}, `${task.title}: `, h('strong', {}, section.label), ` (${percent(scoreOf(section))})`) : null;
}

/** "Genre", "Genre and framing", "Genre, framing and tone". */
function joinTitles(titles: string[]): string {
  const [first, ...rest] = titles.map((t, i) => (i === 0 ? t : t.toLowerCase()));
  return rest.length ? `${[first, ...rest.slice(0, -1)].join(', ')} and ${rest[rest.length - 1]}` : first;
}

/** One panel for the labels of the tasks without a view of their own (genre, framing, …), in the server's order. */
function labelsPanel(a: Analysis): HTMLElement | null {
  const sections = a as unknown as Record<string, unknown>;
  const shown = taskList()
    .filter((t) => !OWN_VIEW.has(t.id))
    .map((t) => ({ title: t.title, view: sectionView(t, sections[t.id]) }))
    .filter((s) => s.view !== null);
  if (shown.length === 0) return null;
  const heading = joinTitles(shown.map((s) => s.title));
  return h('section', { class: 'panel', attrs: { 'aria-label': heading } }, h('h3', {}, heading), shown.map((s) => s.view));
}

/** What a score means, and for each task decided under its batch's label mix, that mix beside the training one. */
function confidencePanel(a: Analysis): HTMLElement {
  const meaning = confidenceMeaning('70%');
  const shifted = Object.entries(a.labelShift ?? {});
  const titleOf = (id: string) => taskList().find((t) => t.id === id)?.title ?? id;
  return h(
    'section',
    { class: 'panel', attrs: { 'aria-label': 'Confidence', 'data-testid': 'confidence' } },
    h('h3', {}, 'Confidence'),
    h('p', { class: 'muted small' }, `${meaning.charAt(0).toUpperCase()}${meaning.slice(1)}.`),
    shifted.length
      ? h('ul', { class: 'small' }, shifted.map(([id, shift]) => h('li', {}, `${titleOf(id)}: ${batchPriorsText(shift)}.`)))
      : h('p', { class: 'muted small' }, "Labels were decided under the label mix of the models' training data."),
  );
}

function provenancePanel(d: ArticleDetail, flash: Flash): HTMLElement {
  const a = d.analysis;
  const removed = a.cleaning.removed;
  const attributed = a.provenance.attributedTo;
  return h(
    'section',
    { class: 'panel', attrs: { 'aria-label': 'Cleaning and provenance' } },
    h('h3', {}, 'Cleaning and provenance'),
    h('p', {}, a.language.parts
      ? `Language: mixed — ${a.language.parts.map((p) => `${p.name} ${percent(p.share)}`).join(', ')}`
      : `Language: ${a.language.name} (${a.language.code}, ${percent(a.language.confidence)}${a.language.reliable ? '' : ', unreliable'})`),
    attributed.length
      ? h(
          'div',
          {},
          h('h4', {}, 'Attributed outlet'),
          attributed.map((x) => h('div', { class: 'attribution' }, h('strong', {}, x.outlet), ` — ${x.kind.replace('-', ' ')} `, quoteButton(x.text, x, flash))),
        )
      : h('p', { class: 'muted' }, 'No outlet named as the origin of the text.'),
    h('h4', {}, `Removed boilerplate (${removed.length})`),
    removed.length
      ? h(
          'ul',
          { class: 'removed-list' },
          removed.map((r) => h('li', {}, h('span', { class: 'rule' }, r.rule), ` ${r.reason} `, quoteButton(r.text.trim() || '(blank)', r, flash))),
        )
      : h('p', { class: 'muted' }, 'Nothing was removed.'),
    a.notes.length ? h('div', {}, h('h4', {}, 'Notes'), h('ul', {}, a.notes.map((n) => h('li', {}, n)))) : null,
    h(
      'p',
      { class: 'muted small' },
      `${a.text.wordCount} words, ${a.text.sentenceCount} sentences · origin: ${d.origin.format}${d.origin.path ? ` ${d.origin.path.split(/[\\/]/).pop()}` : ''}`,
    ),
    h(
      'details',
      { class: 'details muted small' },
      h('summary', {}, 'Details'),
      h('ul', { class: 'models', attrs: { 'aria-label': 'Model versions' } }, a.models.length ? a.models.map((m) => h('li', {}, `${m.task}@${m.version}`)) : h('li', {}, 'no model ran')),
    ),
  );
}

/** What the corrections panel needs beyond the article: the taxonomy's labels and a way to show the article again. */
export interface CorrectionsOptions {
  taxonomy?: TaxonomyBody;
  reload(): Promise<void>;
}

/** Renders an article and its analysis into `container`; `stored` is the store's provenance answer for a stored article. */
export function renderArticleDetail(container: HTMLElement, d: ArticleDetail, stored?: ArticleProvenanceBody, corrections?: CorrectionsOptions): void {
  clear(container);
  const damage = allDamage(d.analysis, stored);
  // The text shows the technique spans as decided (added in, rejected out), as the corrections panel lists them.
  const shown = withShownSpans(d);
  const text = renderHighlightedText(d.raw, shown, damage);
  // An undated stored article says so, rather than passing its ingest day off as a publication date.
  const date = d.publishedAt ?? (d.ingestedAt ? h('span', { class: 'undated', title: `Ingested ${d.ingestedAt.slice(0, 10)}` }, 'undated') : null);
  container.append(
    h(
      'article',
      { class: 'article-view', attrs: { 'data-testid': 'article-view' } },
      h('h2', { class: 'article-title' }, d.title),
      h(
        'p',
        { class: 'meta' },
        [d.source, date, d.url ? safeLink(d.url, hostOf(d.url) || d.url) : null, d.language, d.stored ? null : h('span', { class: 'badge' }, 'not stored')]
          .filter(Boolean)
          .flatMap((x, i) => (i ? [' · ', x as string | HTMLElement] : [x as string | HTMLElement])),
      ),
      h(
        'div',
        { class: 'article-layout' },
        h('div', { class: 'text-column' }, legend(shown, text.flash), d.analysis.techniques ? null : h('p', { class: 'muted' }, 'The technique model did not run on this article.'), text.element),
        h(
          'div',
          { class: 'side-column' },
          corrections ? correctionsPanel({ detail: d, taxonomy: corrections.taxonomy, text: text.element, flash: text.flash, reload: corrections.reload }) : null,
          withRejectedMarked(narrativesPanel(d.analysis, d.raw, text.flash), d.effective),
          entitiesPanel(d.analysis, text.flash),
          labelsPanel(d.analysis),
          confidencePanel(d.analysis),
          provenanceDetailPanel(d.analysis, damage, stored, text.flash),
          provenancePanel(d, text.flash),
        ),
      ),
    ),
  );
}

/** The active taxonomy, read once: the label picker's options (an older server without it gets no picker). */
let taxonomy: Promise<TaxonomyBody | undefined> | undefined;

export async function showArticle(container: HTMLElement, id: string): Promise<void> {
  container.replaceChildren(notice('Loading…'));
  await renderStored(container, id);
}

/** Reads a stored article and renders it; after a decision it renders again in place, keeping the scroll position and the row in focus. */
async function renderStored(container: HTMLElement, id: string): Promise<void> {
  try {
    taxonomy ??= api.taxonomy().catch(() => undefined);
    // The article shows without its copies when the provenance answer fails (an older server).
    const [detail, stored, labels] = await Promise.all([api.article(id), api.provenance(id).catch(() => undefined), taxonomy]);
    const reload = async () => {
      const { scrollY } = window;
      const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.label-row')?.dataset.key;
      await renderStored(container, id);
      window.scrollTo(0, scrollY);
      if (focused) container.querySelector<HTMLElement>(`.label-row[data-key="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
    };
    renderArticleDetail(container, detail, stored, { taxonomy: labels, reload });
  } catch (err) {
    container.replaceChildren(notice((err as Error).message, 'error'));
  }
}
