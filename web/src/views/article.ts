/**
 * The article view, shared by stored articles and /api/analyze results: highlighted text with a
 * legend, narrative cards with evidence that scrolls to its place, entities by role, genre and
 * frames, and the cleaning and provenance panel.
 */
import { api, type Analysis, type ArticleDetail } from '../api.js';
import { techniqueColor, techniqueName } from '../colors.js';
import { clear, h, hostOf, notice, percent, safeLink } from '../dom.js';
import { renderHighlightedText, type HighlightedText } from '../highlight.js';
import { subNarrativeName } from '../../../src/tasks/narratives/label-names.js';

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

function narrativesPanel(a: Analysis, raw: string, flash: Flash): HTMLElement {
  const n = a.narratives;
  const panel = h('section', { class: 'panel', attrs: { 'aria-label': 'Narratives' } }, h('h3', {}, 'Narratives'));
  if (!n) return (panel.append(notice('The narrative model did not run on this article.')), panel);
  if (n.status !== 'ok') return (panel.append(notice(n.reason ?? 'Narratives are unavailable for this article.')), panel);
  if (n.domain) panel.append(h('p', { class: 'muted' }, `Domain: ${n.domain.label} (${percent(n.domain.score)})`));
  if (n.dominant) {
    const sub = specificSub(n.dominant.narrative, n.dominant.subNarrative);
    panel.append(
      h(
        'div',
        { class: 'card dominant' },
        h('div', { class: 'card-kicker' }, 'Dominant'),
        h('div', { class: 'card-title' }, n.dominant.narrative),
        sub && h('div', { class: 'card-subtitle' }, `▸ ${sub}`),
        h('p', {}, n.dominant.explanation),
        n.dominant.evidence.map((e) => quoteButton(raw.slice(e.start, e.end), e, flash)),
      ),
    );
  }
  if (n.narratives.length === 0) {
    panel.append(notice('No narrative found (Other).'));
    if (n.candidates?.length) panel.append(h('p', { class: 'muted candidates' }, `Closest, not chosen: ${n.candidates.map((c) => `${c.label} (${percent(c.score)})`).join(' · ')}`));
  }
  for (const nar of n.narratives) {
    const subs = n.subNarratives.filter((s) => s.narrative === nar.label);
    panel.append(
      h(
        'div',
        { class: 'card narrative-card', data: { narrative: nar.label } },
        h('div', { class: 'card-head' }, h('span', { class: 'card-title' }, nar.label), scoreBar(nar.score)),
        subs.length
          ? h('ul', { class: 'subs' }, subs.map((s) => h('li', {}, h('span', {}, subNarrativeName(nar.label, s.label)), ' ', scoreBar(s.score))))
          : null,
        h('div', { class: 'quotes' }, distinctSpans([...nar.evidence, ...subs.flatMap((s) => s.evidence)]).map((e) => quoteButton(e.text || raw.slice(e.start, e.end), e, flash))),
      ),
    );
  }
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
                h('span', { class: 'muted' }, ` ${e.fineRoles.map((r) => r.role).join(', ')} · ${percent(e.confidence)} · ${e.mentions.length} mention(s)`),
              ),
            ),
        ),
      ),
    ),
  );
  return panel;
}

function genreFramesPanel(a: Analysis): HTMLElement | null {
  if (!a.genre && !a.frames?.length) return null;
  return h(
    'section',
    { class: 'panel', attrs: { 'aria-label': 'Genre and framing' } },
    h('h3', {}, 'Genre and framing'),
    a.genre ? h('p', {}, 'Genre: ', h('strong', {}, a.genre.label), ` (${percent(a.genre.scores[a.genre.label] ?? 0)})`) : null,
    a.frames?.length ? h('ul', { class: 'chips' }, a.frames.map((f) => h('li', { class: 'chip' }, `${f.label.replace(/_/g, ' ')} ${percent(f.score)}`))) : null,
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
    h('p', {}, `Language: ${a.language.name} (${a.language.code}, ${percent(a.language.confidence)}${a.language.reliable ? '' : ', unreliable'})`),
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
      `${a.text.wordCount} words, ${a.text.sentenceCount} sentences · models: ${a.models.map((m) => `${m.task}@${m.version}`).join(', ') || 'none'} · origin: ${d.origin.format}${d.origin.path ? ` ${d.origin.path.split(/[\\/]/).pop()}` : ''}`,
    ),
  );
}

/** Renders an article and its analysis into `container`. */
export function renderArticleDetail(container: HTMLElement, d: ArticleDetail): void {
  clear(container);
  const text = renderHighlightedText(d.raw, d.analysis);
  const host = hostOf(d.url);
  const date = d.publishedAt ?? d.ingestedAt?.slice(0, 10);
  container.append(
    h(
      'article',
      { class: 'article-view', attrs: { 'data-testid': 'article-view' } },
      h('h2', { class: 'article-title' }, d.title),
      h(
        'p',
        { class: 'meta' },
        [d.source, date, host ? safeLink(d.url, host) : null, d.language, d.stored ? null : h('span', { class: 'badge' }, 'not stored')]
          .filter(Boolean)
          .flatMap((x, i) => (i ? [' · ', x as string | HTMLElement] : [x as string | HTMLElement])),
      ),
      h(
        'div',
        { class: 'article-layout' },
        h('div', { class: 'text-column' }, legend(d.analysis, text.flash), d.analysis.techniques ? null : h('p', { class: 'muted' }, 'The technique model did not run on this article.'), text.element),
        h(
          'div',
          { class: 'side-column' },
          narrativesPanel(d.analysis, d.raw, text.flash),
          entitiesPanel(d.analysis, text.flash),
          genreFramesPanel(d.analysis),
          provenancePanel(d, text.flash),
        ),
      ),
    ),
  );
}

export async function showArticle(container: HTMLElement, id: string): Promise<void> {
  container.replaceChildren(notice('Loading…'));
  try {
    renderArticleDetail(container, await api.article(id));
  } catch (err) {
    container.replaceChildren(notice((err as Error).message, 'error'));
  }
}
