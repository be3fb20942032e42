/**
 * The Provenance page: near-duplicate clusters, largest first, each with its earliest member and its
 * copies over time; and the sources ranked by the share of their articles that copy an earlier one
 * elsewhere, with whom they lift from and their boilerplate fingerprint. All text goes in as text nodes.
 */
import { api, type ClusterDetailBody, type SourcePage } from '../api.js';
import { h, notice, percent } from '../dom.js';
import { hashFor } from '../filters.js';

type Member = ClusterDetailBody['members'][number];
type Source = SourcePage['sources'][number];

/** How many clusters and sources the page shows. */
const CLUSTERS_SHOWN = 20;
const SOURCES_SHOWN = 30;

const day = (iso: string) => iso.slice(0, 10);
const articleLink = (id: string, text: string) => h('a', { attrs: { href: `#/article/${encodeURIComponent(id)}` } }, text);

function chips(items: { name: string; count: number }[], label: string): HTMLElement | null {
  if (items.length === 0) return null;
  return h('ul', { class: 'chips', attrs: { 'aria-label': label } }, items.map((x) => h('li', { class: 'chip' }, `${x.name} ×${x.count}`)));
}

/**
 * Copies over time: each member a dot on a line from the first day to the last (the earliest one
 * marked), so a burst of copies within a day reads apart from a slow trickle.
 */
function timelineStrip(members: readonly Member[]): HTMLElement {
  const times = members.map((m) => Date.parse(m.seenAt));
  const first = Math.min(...times);
  const span = Math.max(...times) - first || 1;
  return h(
    'div',
    { class: 'copy-strip', attrs: { 'aria-hidden': 'true' } },
    members.map((m, i) => {
      const dot = h('span', { class: m.earliest ? 'copy-dot earliest' : 'copy-dot', title: `${day(m.seenAt)} · ${m.source ?? 'no source'}` });
      dot.style.left = `${(100 * (times[i] - first)) / span}%`;
      return dot;
    }),
  );
}

/** The members in time order: day, source, overlap with the earliest, a link to each. */
function memberList(members: readonly Member[]): HTMLElement {
  return h(
    'ol',
    { class: 'copy-list', attrs: { 'aria-label': 'Copies over time' } },
    members.map((m) =>
      h(
        'li',
        { data: { member: m.id } },
        h('span', { class: 'copy-day' }, day(m.seenAt)),
        ' ',
        h('strong', {}, m.source ?? 'no source'),
        ' ',
        articleLink(m.id, m.title || m.id),
        ' ',
        m.earliest ? h('span', { class: 'badge' }, 'earliest') : h('span', { class: 'muted small' }, `${percent(m.overlap)} shared with the earliest`),
      ),
    ),
  );
}

function clusterCard(c: ClusterDetailBody): HTMLElement {
  const e = c.earliest;
  const days = Math.round((Date.parse(c.lastSeen) - Date.parse(c.firstSeen)) / 86_400_000);
  return h(
    'div',
    { class: 'card cluster-card', attrs: { 'data-testid': 'cluster' }, data: { cluster: c.id } },
    h('div', { class: 'card-kicker' }, `${c.size} copies · ${c.sources.length} source(s) · over ${days} day(s)`),
    h('div', { class: 'card-title' }, articleLink(e.id, e.title || e.id)),
    h('p', { class: 'small', attrs: { 'data-testid': 'earliest' } }, 'First seen: ', h('strong', {}, e.source ?? 'no source'), ` on ${day(e.seenAt)}${e.publishedAt ? '' : ' (ingest date: no publication date)'}`),
    timelineStrip(c.members),
    memberList(c.members),
    c.attributedTo.length ? h('p', { class: 'small muted' }, 'Members name as the first publisher:') : null,
    chips(c.attributedTo.map((x) => ({ name: x.outlet, count: x.count })), 'Attributed to'),
  );
}

/** A source's row: its copy share as a bar, how many it copied, whom it lifts from, its boilerplate rules. */
function sourceRow(s: Source): HTMLElement {
  const fill = h('span', { class: 'bar-fill' });
  fill.style.width = percent(s.copyShare);
  return h(
    'li',
    { class: 'source-row', data: { source: s.source } },
    h(
      'div',
      { class: 'bar' },
      h('a', { class: 'bar-label', attrs: { href: hashFor('articles', { source: s.source }) }, title: `Articles of ${s.source}` }, s.source),
      h('span', { class: 'bar-track' }, fill),
      h('span', { class: 'bar-count', attrs: { 'data-testid': 'copy-share' } }, percent(s.copyShare)),
    ),
    h(
      'p',
      { class: 'small muted source-facts' },
      `${s.copies} of ${s.articles} article(s) copied from elsewhere · ${s.originals} original(s)`,
      s.liftsFrom.length ? ` · lifts from ${s.liftsFrom.slice(0, 3).map((x) => `${x.source} ×${x.count}`).join(', ')}` : '',
    ),
    s.boilerplate.length
      ? h('ul', { class: 'chips', attrs: { 'aria-label': 'Boilerplate fingerprint' } }, s.boilerplate.slice(0, 5).map((b) => h('li', { class: 'chip rule-chip', title: `${b.articles} article(s)` }, `${b.rule} ${percent(b.share)}`)))
      : null,
  );
}

export async function showProvenance(container: HTMLElement): Promise<void> {
  container.replaceChildren(notice('Loading…'));
  let clusters: ClusterDetailBody[];
  let clusterTotal: number;
  let sources: SourcePage;
  try {
    const [page, profiles] = await Promise.all([api.clusters(CLUSTERS_SHOWN), api.sources(SOURCES_SHOWN)]);
    // The listing gives summaries; each card's copies over time need the members.
    clusters = await Promise.all(page.clusters.map((c) => api.cluster(c.id)));
    clusterTotal = page.total;
    sources = profiles;
  } catch (err) {
    container.replaceChildren(notice((err as Error).message, 'error'));
    return;
  }
  container.replaceChildren(
    h(
      'div',
      { class: 'provenance', attrs: { 'data-testid': 'provenance' } },
      h('div', { class: 'overview-head' }, h('h2', {}, 'Provenance'), h('span', { class: 'total', attrs: { 'data-testid': 'provenance-total' } }, `${clusterTotal} cluster(s) of copies · ${sources.total} source(s)`)),
      h(
        'div',
        { class: 'grid' },
        h(
          'section',
          { class: 'card-panel span-2', attrs: { 'aria-label': 'Clusters of copies' } },
          h('h3', {}, 'Clusters of copies, largest first'),
          clusters.length ? clusters.map(clusterCard) : notice('No near-duplicates stored: no article is a copy of another.'),
          clusterTotal > clusters.length ? h('p', { class: 'muted small' }, `The ${clusters.length} largest of ${clusterTotal}; "narrascope clusters" lists them all.`) : null,
        ),
        h(
          'section',
          { class: 'card-panel', attrs: { 'aria-label': 'Sources by copy share' } },
          h('h3', {}, 'Sources by copy share'),
          sources.sources.length ? h('ul', { class: 'bars', attrs: { 'data-testid': 'sources' } }, sources.sources.map(sourceRow)) : notice('No sources stored.'),
        ),
      ),
    ),
  );
}
