/**
 * The review page (issue 17): the queue of articles no analyst has decided on, those a decision would teach the
 * model most first (GET /api/review), with filters by source, language and date, progress, and the agreement
 * between annotators (GET /api/review/agreement). The filter is kept for the tab, so `n` in an article opens the
 * next article of the same queue.
 */
import { api, queryString, type AgreementReport, type ReviewFilter, type ReviewPage } from '../api.js';
import { h, notice, percent } from '../dom.js';

const PAGE = 20;
const FILTER_KEY = 'narrascope.review-filter';
const FIELDS = ['source', 'language', 'from', 'to'] as const;

/** The review filter last used in this tab ({} when none). */
export function savedReviewFilter(): ReviewFilter {
  try {
    return JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? '{}') as ReviewFilter;
  } catch {
    return {};
  }
}

function saveReviewFilter(filter: ReviewFilter): void {
  try {
    sessionStorage.setItem(FILTER_KEY, JSON.stringify(filter));
  } catch {
    /* storage refused: `n` then uses the whole queue */
  }
}

export function reviewFilterFromParams(params: URLSearchParams): ReviewFilter {
  const filter: ReviewFilter = {};
  for (const key of FIELDS) {
    const v = params.get(key)?.trim();
    if (v) filter[key] = v;
  }
  return filter;
}

const reviewHash = (filter: ReviewFilter, offset = 0) => `#/review${queryString({ ...filter, offset: offset || undefined })}`;

/** Opens the first article of the queue that is not `current`; false when the queue has no other. */
export async function openNextInQueue(current?: string): Promise<boolean> {
  const page = await api.review(savedReviewFilter(), 2);
  const next = page.items.find((item) => item.id !== current);
  if (next) location.hash = `#/article/${encodeURIComponent(next.id)}`;
  return next !== undefined;
}

function filterForm(filter: ReviewFilter): HTMLFormElement {
  const input = (name: string, key: (typeof FIELDS)[number], type: string, placeholder = '') =>
    h('label', {}, name, h('input', { attrs: { name: key, type, value: filter[key] ?? '', placeholder, 'data-testid': `review-${key}` } }));
  const form = h(
    'form',
    { class: 'filters', attrs: { role: 'search', 'aria-label': 'Review queue filters' } },
    h('div', { class: 'filter-row' }, input('Source', 'source', 'text', 'any'), input('Language', 'language', 'text', 'any (en, bg…)'), input('From', 'from', 'date'), input('To', 'to', 'date'), h('button', { attrs: { type: 'submit' } }, 'Filter')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next: ReviewFilter = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim()) next[k as (typeof FIELDS)[number]] = v.trim();
    location.hash = reviewHash(next);
  });
  return form;
}

function progress(page: ReviewPage): HTMLElement {
  const share = page.total ? page.reviewed / page.total : 0;
  const fill = h('span', { class: 'score-fill' });
  fill.style.width = percent(share);
  return h(
    'div',
    { class: 'review-progress', attrs: { 'data-testid': 'review-progress' } },
    h('span', { class: 'score-track', attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(page.total), 'aria-valuenow': String(page.reviewed) } }, fill),
    ` ${page.reviewed} of ${page.total} article(s) reviewed (${percent(share)})`,
  );
}

const kappaText = (k: number | null) => (k === null ? 'undefined' : k.toFixed(2));

function agreementPanel(report: AgreementReport | undefined): HTMLElement {
  const panel = h('section', { class: 'panel', attrs: { 'aria-label': 'Agreement', 'data-testid': 'agreement' } }, h('h3', {}, 'Agreement between annotators'));
  if (!report) return (panel.append(notice('Agreement could not be read.', 'error')), panel);
  if (report.targets === 0) return (panel.append(h('p', { class: 'muted' }, 'No label has been decided by two annotators yet.')), panel);
  panel.append(
    h('p', { attrs: { 'data-testid': 'alpha' } }, `Krippendorff's alpha ${kappaText(report.alpha)} over ${report.targets} label(s) decided by two or more annotators`),
    h(
      'ul',
      { class: 'small' },
      report.pairs.map((p) => h('li', { data: { pair: `${p.a}|${p.b}` } }, `${p.a} and ${p.b}: Cohen's kappa ${kappaText(p.kappa)} over ${p.targets} label(s) in ${p.articles} article(s)`)),
    ),
    h(
      'p',
      { class: 'muted small' },
      Object.entries(report.byTask)
        .filter(([, t]) => t.targets > 0)
        .map(([task, t]) => `${task}: alpha ${kappaText(t.alpha)} (${t.targets})`)
        .join(' · '),
    ),
  );
  return panel;
}

function queueItem(item: ReviewPage['items'][number]): HTMLElement {
  return h(
    'li',
    { class: 'result', data: { id: item.id } },
    h('a', { class: 'result-title', attrs: { href: `#/article/${encodeURIComponent(item.id)}` } }, item.title || item.id),
    h('div', { class: 'meta' }, [item.source ?? 'unknown source', item.publishedAt?.slice(0, 10) ?? 'undated', item.language, `priority ${item.priority.toFixed(2)}`].join(' · ')),
    item.reasons.length ? h('ul', { class: 'chips' }, item.reasons.map((r) => h('li', { class: 'chip' }, r))) : null,
  );
}

export async function showReview(container: HTMLElement, filter: ReviewFilter, offset: number): Promise<void> {
  container.replaceChildren(notice('Loading…'));
  saveReviewFilter(filter);
  let page: ReviewPage;
  let report: AgreementReport | undefined;
  try {
    [page, report] = await Promise.all([api.review(filter, PAGE, offset), api.agreement().catch(() => undefined)]);
  } catch (err) {
    container.replaceChildren(h('div', {}, filterForm(filter), notice((err as Error).message, 'error')));
    return;
  }
  const waiting = page.total - page.reviewed;
  const pager = h(
    'div',
    { class: 'pager' },
    offset > 0 ? h('a', { class: 'button', attrs: { href: reviewHash(filter, Math.max(0, offset - PAGE)) } }, '← Previous') : null,
    h('span', { class: 'muted' }, waiting ? `${offset + 1}–${offset + page.items.length} of ${waiting} waiting` : ''),
    offset + PAGE < waiting ? h('a', { class: 'button', attrs: { href: reviewHash(filter, offset + PAGE) } }, 'Next →') : null,
  );
  const start = page.items[0] && h('a', { class: 'button', attrs: { href: `#/article/${encodeURIComponent(page.items[0].id)}`, 'data-testid': 'start-review' } }, 'Review the first article');
  container.replaceChildren(
    h(
      'div',
      { class: 'review', attrs: { 'data-testid': 'review' } },
      h('div', { class: 'overview-head' }, h('h2', {}, 'Review queue'), start, h('span', { class: 'muted small' }, 'In an article, n opens the next one of this queue.')),
      filterForm(filter),
      progress(page),
      h(
        'div',
        { class: 'review-layout' },
        page.items.length
          ? h('ol', { class: 'results', attrs: { 'data-testid': 'review-queue', start: String(offset + 1) } }, page.items.map(queueItem))
          : notice(page.total ? 'Every article under this filter has been reviewed.' : 'No article matches this filter.'),
        agreementPanel(report),
      ),
      pager,
    ),
  );
}
