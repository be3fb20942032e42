/**
 * The article view's provenance panel: the stored copies of this article (which came first, how much
 * each shares with it), machine-translation damage with its reasons, and the sourcing summary with
 * each attribution; every quote scrolls to and flashes its place in the highlighted text.
 */
import type { Analysis, ArticleProvenanceBody } from '../api.js';
import { h, notice, percent } from '../dom.js';
import type { HighlightedText } from '../highlight.js';
import { mergeDamage } from '../../../src/store/provenance.js';

type Flash = HighlightedText['flash'];
type DamageSpan = NonNullable<Analysis['provenance']['damage']>[number];

function quote(text: string, range: { start: number; end: number }, flash: Flash): HTMLElement {
  const short = text.length > 140 ? `${text.slice(0, 137)}…` : text;
  return h('button', { class: 'quote', attrs: { type: 'button' }, title: 'Show in the text', on: { click: () => flash(range) } }, `“${short}”`);
}

function copiesSection(p: ArticleProvenanceBody | undefined): HTMLElement {
  const section = h('div', { attrs: { 'data-testid': 'copies' } }, h('h4', {}, 'Copies'));
  if (!p) return (section.append(h('p', { class: 'muted' }, 'Not stored, so not compared with the corpus.')), section);
  if (!p.cluster) return (section.append(h('p', { class: 'muted' }, p.note ? `Not compared: ${p.note}` : 'No stored article is a near-duplicate of this one.')), section);
  const e = p.cluster.earliest;
  section.append(
    h(
      'p',
      { attrs: { 'data-testid': 'copy-standing' } },
      p.isCopy
        ? ['A copy: the earliest of its ', String(p.cluster.size), ' copies is ', h('a', { attrs: { href: `#/article/${encodeURIComponent(e.id)}` } }, e.source ?? e.id), ` (${e.seenAt.slice(0, 10)}).`]
        : `The earliest of ${p.cluster.size} copies.`,
    ),
    h(
      'ul',
      { class: 'copy-list', attrs: { 'aria-label': 'Copies of this article' } },
      p.copies.map((m) =>
        h(
          'li',
          { data: { member: m.id } },
          h('span', { class: 'copy-day' }, m.seenAt.slice(0, 10)),
          ' ',
          h('a', { attrs: { href: `#/article/${encodeURIComponent(m.id)}` } }, m.source ?? m.id),
          ' ',
          h('span', { class: 'muted small' }, `${percent(m.overlapWithThis)} shared with this`),
          m.earliest ? [' ', h('span', { class: 'badge' }, 'earliest')] : null,
        ),
      ),
    ),
  );
  return section;
}

function damageSection(damage: readonly DamageSpan[], looked: boolean, flash: Flash): HTMLElement {
  const section = h('div', { attrs: { 'data-testid': 'damage' } }, h('h4', {}, `Machine-translation damage (${damage.length})`));
  if (damage.length === 0) {
    section.append(h('p', { class: 'muted' }, looked ? 'None found.' : 'Not looked for.'));
    return section;
  }
  section.append(
    h(
      'ul',
      { class: 'damage-list' },
      damage.map((d) =>
        h(
          'li',
          { data: { kind: d.kind } },
          h('span', { class: 'damage-kind' }, d.kind),
          d.expected ? ` expected “${d.expected}”: ` : ' ',
          `${d.reason} (${percent(d.confidence)}) `,
          quote(d.text, d, flash),
        ),
      ),
    ),
  );
  return section;
}

function sourcingSection(a: Analysis, flash: Flash): HTMLElement {
  const s = a.provenance.sourcing;
  const section = h('div', { attrs: { 'data-testid': 'sourcing' } }, h('h4', {}, 'Sourcing'));
  if (!s) return (section.append(h('p', { class: 'muted' }, 'Not looked for.')), section);
  section.append(h('p', { attrs: { 'data-testid': 'sourcing-summary' } }, s.summary));
  if (s.spans.length) {
    section.append(
      h(
        'ul',
        { class: 'sourcing-list' },
        [...s.spans].sort((x, y) => x.start - y.start).map((x) =>
          h('li', { data: { kind: x.kind } }, h('strong', {}, x.kind === 'anonymous' ? 'anonymous' : `named${x.source ? `: ${x.source}` : ''}`), ` “${x.cue}” `, quote(x.text, x, flash)),
        ),
      ),
    );
  }
  return section;
}

/** The panel; `damage` is the analysis's damage with the store's substitutions, `stored` the store's answer (absent for an unstored analysis). */
export function provenanceDetailPanel(a: Analysis, damage: readonly DamageSpan[], stored: ArticleProvenanceBody | undefined, flash: Flash): HTMLElement {
  const looked = a.provenance.damage !== undefined;
  return h(
    'section',
    { class: 'panel', attrs: { 'aria-label': 'Copies, damage and sourcing', 'data-testid': 'article-provenance' } },
    h('h3', {}, 'Copies, damage and sourcing'),
    copiesSection(stored),
    damageSection(damage, looked, flash),
    sourcingSection(a, flash),
    a.provenance.note ? notice(a.provenance.note) : null,
  );
}

/** The analysis's damage spans with the store's substitutions (mergeDamage, as the terminal report shows them). */
export function allDamage(a: Analysis, stored: ArticleProvenanceBody | undefined): DamageSpan[] {
  return mergeDamage(a.provenance.damage, stored?.substitutions);
}
