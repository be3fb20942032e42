/** Articles: search box and filters, a result list (title, source, date, domain, top labels), pages. */
import { api, type ArticlePage, type CorpusFilter, type CorpusStats } from '../api.js';
import { techniqueColor, techniqueName } from '../colors.js';
import { h, hostOf, notice } from '../dom.js';
import { hashFor } from '../filters.js';
import { facetCounts } from '../../../src/store/queries.js';
import { filterChips } from './overview.js';

const PAGE = 20;

/** Search snippet with matched terms in <mark>: split at the server's private-use markers, each part a text node. */
function snippet(text: string): HTMLElement {
  const p = h('p', { class: 'snippet' });
  for (const [i, part] of text.split(/[\uE000\uE001]/).entries()) p.append(i % 2 ? h('mark', {}, part) : document.createTextNode(part));
  return p;
}

function selectFilter(name: string, key: string, filter: CorpusFilter, options: string[]): HTMLElement {
  const current = filter[key];
  const values = current && !options.includes(current) ? [current, ...options] : options;
  return h(
    'label',
    {},
    name,
    h(
      'select',
      { attrs: { name: key } },
      h('option', { attrs: { value: '' } }, 'any'),
      values.map((v) => h('option', { attrs: { value: v, ...(v === current ? { selected: '' } : {}) } }, key === 'technique' ? techniqueName(v) : v)),
    ),
  );
}

function filterForm(filter: CorpusFilter, stats: CorpusStats | undefined): HTMLFormElement {
  const labels = (xs: { label: string }[] | undefined) => (xs ?? []).map((x) => x.label);
  const counted = (key: string) => labels(stats && facetCounts(stats, key));
  const roles = [...counted('mainRoles'), ...counted('fineRoles')];
  const input = (name: string, key: string, type = 'text', placeholder = '') =>
    h('label', {}, name, h('input', { attrs: { name: key, type, value: filter[key] ?? '', placeholder } }));
  const form = h(
    'form',
    { class: 'filters', attrs: { role: 'search' } },
    h('input', { class: 'search', attrs: { name: 'q', type: 'search', value: filter.q ?? '', placeholder: 'Search titles and text…', 'aria-label': 'Search' } }),
    h('button', { attrs: { type: 'submit' } }, 'Search'),
    h(
      'div',
      { class: 'filter-row' },
      selectFilter('Narrative', 'narrative', filter, labels(stats?.narratives)),
      selectFilter('Sub-narrative', 'subNarrative', filter, counted('subNarratives')),
      selectFilter('Technique', 'technique', filter, counted('techniques')),
      input('Entity', 'entity', 'text', 'name'),
      selectFilter('Role', 'role', filter, roles),
      selectFilter('Language', 'language', filter, labels(stats?.languages)),
      selectFilter('Source', 'source', filter, labels(stats?.sources)),
      input('From', 'from', 'date'),
      input('To', 'to', 'date'),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next: CorpusFilter = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim()) next[k] = v.trim();
    location.hash = hashFor('articles', next);
  });
  form.addEventListener('change', (e) => {
    if ((e.target as HTMLElement).tagName === 'SELECT') form.requestSubmit();
  });
  return form;
}

function resultItem(item: ArticlePage['items'][number]): HTMLElement {
  const host = hostOf(item.url);
  return h(
    'li',
    { class: 'result', data: { id: item.id } },
    h('a', { class: 'result-title', attrs: { href: `#/article/${encodeURIComponent(item.id)}` } }, item.title || item.id),
    h('div', { class: 'meta' }, [item.source ?? 'unknown source', item.publishedAt ? item.date : 'undated', host, item.domain ? `domain ${item.domain}` : undefined, item.language].filter(Boolean).join(' · ')),
    item.snippet ? snippet(item.snippet) : null,
    h(
      'ul',
      { class: 'chips' },
      item.narratives.slice(0, 2).map((n) => h('li', { class: 'chip narrative' }, n.label)),
      item.techniques.slice(0, 3).map((t) => {
        const chip = h('li', { class: 'chip technique' }, techniqueName(t.label));
        chip.style.borderColor = techniqueColor(t.label);
        return chip;
      }),
      item.genre ? h('li', { class: 'chip' }, item.genre) : null,
    ),
  );
}

export async function showArticles(container: HTMLElement, filter: CorpusFilter, offset: number): Promise<void> {
  container.replaceChildren(notice('Loading…'));
  let page: ArticlePage;
  let stats: CorpusStats | undefined;
  try {
    [page, stats] = await Promise.all([api.list(filter, PAGE, offset), api.stats({}, 'month', 200).catch(() => undefined)]);
  } catch (err) {
    container.replaceChildren(h('div', {}, filterForm(filter, undefined), notice((err as Error).message, 'error')));
    return;
  }
  const pager = h(
    'div',
    { class: 'pager' },
    offset > 0 ? h('a', { class: 'button', attrs: { href: hashFor('articles', filter, { offset: String(Math.max(0, offset - PAGE)) }) } }, '← Previous') : null,
    h('span', { class: 'muted' }, page.total ? `${offset + 1}–${offset + page.items.length} of ${page.total}` : ''),
    offset + PAGE < page.total ? h('a', { class: 'button', attrs: { href: hashFor('articles', filter, { offset: String(offset + PAGE) }) } }, 'Next →') : null,
  );
  container.replaceChildren(
    h(
      'div',
      { class: 'articles', attrs: { 'data-testid': 'articles' } },
      h('div', { class: 'overview-head' }, h('h2', {}, 'Articles'), h('span', { class: 'total', attrs: { 'data-testid': 'total' } }, `${page.total} article(s)`)),
      filterForm(filter, stats),
      filterChips(filter, 'articles'),
      page.search?.quoted ? notice(`The query was not valid search syntax; searched for ${page.search.query} instead.`) : null,
      page.items.length ? h('ol', { class: 'results', attrs: { 'data-testid': 'results' } }, page.items.map(resultItem)) : notice('No article matches these filters.'),
      pager,
    ),
  );
}
