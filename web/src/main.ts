/** The dashboard: a hash router over four views (overview, articles, article, analyze). */
import './style.css';
import { api, type TimeBucket } from './api.js';
import { filterFromParams } from './filters.js';
import { showAnalyze } from './views/analyze.js';
import { showArticle } from './views/article.js';
import { showArticles } from './views/articles.js';
import { showOverview } from './views/overview.js';

const app = document.getElementById('app')!;

function route(): void {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?', 2);
  const params = new URLSearchParams(query);
  const [view, ...rest] = path.split('/');
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    a.classList.toggle('active', a.dataset.nav === (view === 'article' ? 'articles' : view || 'overview'));
  }
  window.scrollTo(0, 0);
  switch (view) {
    case 'articles':
      void showArticles(app, filterFromParams(params), Number(params.get('offset')) || 0);
      break;
    case 'article':
      void showArticle(app, decodeURIComponent(rest.join('/')));
      break;
    case 'analyze':
      showAnalyze(app);
      break;
    default: {
      const bucket = params.get('bucket');
      void showOverview(app, filterFromParams(params), bucket === 'day' || bucket === 'month' ? (bucket as TimeBucket) : 'week');
    }
  }
}

window.addEventListener('hashchange', route);
route();
api
  .health()
  .then((h) => (document.getElementById('corpus-size')!.textContent = `${h.articles} stored article(s)`))
  .catch(() => undefined);
