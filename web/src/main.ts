/** The dashboard: a hash router over six views (overview, articles, article, review, provenance, analyze), and not-found for any other route. */
import './style.css';
import { api, type TimeBucket } from './api.js';
import { filterFromParams } from './filters.js';
import { showAnalyze } from './views/analyze.js';
import { showArticle } from './views/article.js';
import { showArticles } from './views/articles.js';
import { showNotFound } from './views/not-found.js';
import { showOverview } from './views/overview.js';
import { showProvenance } from './views/provenance.js';
import { reviewFilterFromParams, showReview } from './views/review.js';
import { installShortcuts } from './keyboard.js';
import { loadTasks } from './tasks.js';
import { tokenField } from './token.js';

const app = document.getElementById('app')!;

/** A URI-decoded route part; '' when it is malformed (a lone %), which then shows as not found. */
function decodeOrEmpty(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return '';
  }
}

function route(): void {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?', 2);
  const params = new URLSearchParams(query);
  const [view, ...rest] = path.split('/');
  const id = decodeOrEmpty(rest.join('/'));
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    a.classList.toggle('active', a.dataset.nav === (view === 'article' ? 'articles' : view || 'overview'));
  }
  window.scrollTo(0, 0);
  switch (view) {
    case 'articles':
      void showArticles(app, filterFromParams(params), Number(params.get('offset')) || 0);
      break;
    case 'article':
      if (id) void showArticle(app, id);
      else showNotFound(app, path);
      break;
    case 'review':
      void showReview(app, reviewFilterFromParams(params), Number(params.get('offset')) || 0);
      break;
    case 'provenance':
      void showProvenance(app);
      break;
    case 'analyze':
      showAnalyze(app);
      break;
    case '':
    case 'overview': {
      const bucket = params.get('bucket');
      void showOverview(app, filterFromParams(params), bucket === 'day' || bucket === 'month' ? (bucket as TimeBucket) : 'week');
      break;
    }
    default:
      showNotFound(app, path);
  }
}

// A new token may open what a private server refused: the task list and the view are read again with it.
document.getElementById('token-slot')!.replaceChildren(tokenField(() => void loadTasks().then(route)));
installShortcuts();

// The filters in the URL are the task facets', so the task list is read before the first route.
void loadTasks().then(() => {
  window.addEventListener('hashchange', route);
  route();
});
api
  .health()
  .then((h) => (document.getElementById('corpus-size')!.textContent = `${h.articles} stored article(s)`))
  .catch(() => undefined);
