/** Overview: the corpus at a glance. Every bar, and every point of the trend chart, narrows the filter. */
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { api, type CorpusFilter, type CorpusStats, type TimeBucket } from '../api.js';
import { facetCounts } from '../../../src/store/queries.js';
import { SERIES_COLORS, techniqueColor, techniqueName } from '../colors.js';
import { h, notice, type Child } from '../dom.js';
import { filterFields, hashFor } from '../filters.js';
import { facetList, labelDisplay } from '../tasks.js';
import { barList } from './bars.js';
import { queueLine } from './queue-line.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

let chart: Chart | undefined;

/** The last day of the period starting on `period` (a day, a Monday, or a YYYY-MM month). */
function periodRange(period: string, bucket: TimeBucket): { from: string; to: string } {
  if (bucket === 'month') {
    const [y, m] = period.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    return { from: `${period}-01`, to: last };
  }
  const end = new Date(Date.parse(`${period}T00:00:00Z`) + (bucket === 'week' ? 6 : 0) * 86_400_000);
  return { from: period, to: end.toISOString().slice(0, 10) };
}

/** The active filters, each removable; `emptyHint` is shown when there is none. */
export function filterChips(filter: CorpusFilter, view: string, extra: Record<string, string> = {}, emptyHint?: string): HTMLElement {
  const active = filterFields().filter((f) => filter[f.key]);
  return h(
    'div',
    { class: 'chips filter-chips', attrs: { 'aria-label': 'Active filters' } },
    active.length || !emptyHint ? null : h('span', { class: 'muted' }, emptyHint),
    active.map((f) => {
      const rest = { ...filter };
      delete rest[f.key];
      return h('a', { class: 'chip removable', attrs: { href: hashFor(view, rest, extra) }, title: 'Remove this filter' }, `${f.name}: ${filter[f.key]} ✕`);
    }),
  );
}

/** A count of articles under a card: `${prefix}1 article has ${what}.` or `${prefix}N articles have ${what}.` */
function articlesNote(testId: string, n: number, what: string, prefix = ''): HTMLElement {
  const has = n === 1 ? '1 article has' : `${n} articles have`;
  return h('p', { class: 'muted small', attrs: { 'data-testid': testId } }, `${prefix}${has} ${what}.`);
}

function trendChart(stats: CorpusStats, filter: CorpusFilter, bucket: TimeBucket): HTMLElement {
  const t = stats.timeline;
  if (t.periods.length === 0) return notice('No dated articles in this selection.');
  const canvas = h('canvas', { attrs: { 'aria-label': 'Articles and narratives over time', role: 'img' } });
  const datasets = [
    { label: 'All articles', data: t.total, borderColor: '#999', backgroundColor: '#999', borderDash: [4, 4], tension: 0 },
    ...t.narratives.map((s, i) => ({ label: s.label, data: s.counts, borderColor: SERIES_COLORS[i % SERIES_COLORS.length], backgroundColor: SERIES_COLORS[i % SERIES_COLORS.length], tension: 0 })),
  ];
  chart?.destroy();
  chart = new Chart(canvas, {
    type: 'line',
    data: { labels: t.periods, datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: true },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      onClick: (_event, elements) => {
        const el = elements[0];
        if (!el) return;
        const next: CorpusFilter = { ...filter, ...periodRange(t.periods[el.index], bucket) };
        if (el.datasetIndex > 0) next.narrative = t.narratives[el.datasetIndex - 1].label;
        location.hash = hashFor('overview', next, { bucket });
      },
    },
  });
  return h('div', { class: 'chart-box' }, canvas);
}

/** Facets with cards of their own above (entities: by role; fine roles last), so no generic card repeats them. */
const CARDS_ABOVE = new Set(['narrative', 'subnarrative', 'technique', 'main-role', 'fine-role', 'entity-role']);

/** A panel of the overview grid; `span` is how many columns it takes ('all': the whole row). */
function card(title: string, body: Child, span: 1 | 2 | 'all' = 1): HTMLElement {
  const cls = span === 'all' ? ' wide' : span === 2 ? ' span-2' : '';
  return h('section', { class: `card-panel${cls}` }, h('h3', {}, title), body);
}

export async function showOverview(container: HTMLElement, filter: CorpusFilter, bucket: TimeBucket): Promise<void> {
  container.replaceChildren(notice('Loading…'));
  let stats: CorpusStats;
  try {
    stats = await api.stats(filter, bucket, 15);
  } catch (err) {
    container.replaceChildren(notice((err as Error).message, 'error'));
    return;
  }
  const pick = (key: string) => (label: string) => {
    location.hash = hashFor('overview', { ...filter, [key]: label }, { bucket });
  };
  const bucketSelect = h(
    'select',
    { attrs: { 'aria-label': 'Time bucket' }, on: { change: (e) => (location.hash = hashFor('overview', filter, { bucket: (e.target as HTMLSelectElement).value })) } },
    (['day', 'week', 'month'] as const).map((b) => h('option', { attrs: { value: b, ...(b === bucket ? { selected: '' } : {}) } }, `by ${b}`)),
  );
  const grid = h('div', { class: 'grid' });
  grid.append(
    card('Narratives', [barList(stats.narratives, pick('narrative'), { name: 'narratives' }), articlesNote('without-narrative', stats.withoutNarrative, 'no narrative')]),
    card('Sub-narratives', barList(facetCounts(stats, 'subNarratives'), pick('subNarrative'), { name: 'sub-narratives' }), 2),
    card('Trend over time', h('div', {}, h('div', { class: 'toolbar' }, bucketSelect), trendChart(stats, filter, bucket), stats.timeline.undated ? articlesNote('undated', stats.timeline.undated, 'no publication date', 'Not shown: ') : null), 'all'),
    card('Persuasion techniques', barList(facetCounts(stats, 'techniques'), pick('technique'), { name: 'techniques', display: techniqueName, color: techniqueColor })),
    card(
      'Entities by role',
      h(
        'div',
        { class: 'roles' },
        stats.entitiesByRole.map((r) =>
          h(
            'div',
            { class: `role role-${r.role.toLowerCase()}` },
            h('h4', {}, r.role),
            barList(r.entities.slice(0, 8), (entity) => (location.hash = hashFor('overview', { ...filter, entity, role: r.role }, { bucket })), { name: `${r.role.toLowerCase()} entities` }),
          ),
        ),
      ),
      'all',
    ),
    card('Sources', barList(stats.sources, pick('source'), { name: 'sources' })),
    card('Languages', barList(stats.languages, pick('language'), { name: 'languages' })),
  );
  // Every other counted facet gets a card of its own when it has counts, in the server's order.
  for (const f of facetList()) {
    const counts = f.stats && !CARDS_ABOVE.has(f.task) ? facetCounts(stats, f.stats) : [];
    if (counts.length && f.filter) grid.append(card(f.title, barList(counts, pick(f.filter), { name: f.title.toLowerCase(), display: labelDisplay })));
  }
  const fineRoles = facetCounts(stats, 'fineRoles');
  if (fineRoles.length) grid.append(card('Fine roles', barList(fineRoles, pick('role'), { name: 'fine roles' })));

  container.replaceChildren(
    h(
      'div',
      { class: 'overview', attrs: { 'data-testid': 'overview' } },
      h(
        'div',
        { class: 'overview-head' },
        h('h2', {}, 'Overview'),
        h('span', { class: 'total', attrs: { 'data-testid': 'total' } }, `${stats.total} article(s)`),
        queueLine(),
        h('a', { class: 'button', attrs: { href: hashFor('articles', filter), 'data-testid': 'show-articles' } }, `Show these ${stats.total} articles →`),
      ),
      filterChips(filter, 'overview', { bucket }, 'Whole corpus — click any bar to filter.'),
      stats.total === 0 ? notice('No article matches. Ingest some with "narrascope ingest <folder>", or start with "narrascope serve --demo".') : grid,
    ),
  );
}
