/** Analyze: paste a text or drop a file, and see the article view without storing anything. */
import { api, type ArticleDetail } from '../api.js';
import { h, notice } from '../dom.js';
import { renderArticleDetail } from './article.js';

export function showAnalyze(container: HTMLElement): void {
  const result = h('div', { class: 'analyze-result', attrs: { 'data-testid': 'analyze-result' } });
  const title = h('input', { attrs: { name: 'title', type: 'text', placeholder: 'Headline (optional: else the first line of the text)', 'aria-label': 'Title' } });
  const text = h('textarea', { attrs: { name: 'text', rows: '12', placeholder: 'Paste the article text here…', 'aria-label': 'Article text' } });
  const fileInput = h('input', { attrs: { type: 'file', accept: '.txt,.html,.htm,.jsonl,.ndjson,.csv,.xml,.rss,.atom', 'aria-label': 'Article file' } });

  const run = async (call: () => Promise<ArticleDetail>) => {
    result.replaceChildren(notice('Analysing…'));
    try {
      renderArticleDetail(result, await call());
    } catch (err) {
      result.replaceChildren(notice((err as Error).message, 'error'));
    }
  };
  const analyzeFile = (file: File | undefined) => {
    if (file) void run(() => api.analyzeFile(file));
  };
  fileInput.addEventListener('change', () => analyzeFile(fileInput.files?.[0]));

  const drop = h('div', { class: 'dropzone', attrs: { 'data-testid': 'dropzone' } }, 'Drop a file here (text, HTML, JSONL, CSV, RSS) or ', fileInput);
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    analyzeFile(e.dataTransfer?.files[0]);
  });

  const form = h(
    'form',
    { class: 'analyze-form' },
    title,
    text,
    h('div', { class: 'toolbar' }, h('button', { attrs: { type: 'submit' } }, 'Analyze'), h('span', { class: 'muted' }, 'Nothing is stored.')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!text.value.trim()) {
      result.replaceChildren(notice('Paste some text first.', 'error'));
      return;
    }
    void run(() => api.analyzeText(title.value, text.value));
  });
  container.replaceChildren(h('div', { class: 'analyze', attrs: { 'data-testid': 'analyze' } }, h('h2', {}, 'Analyze a text'), form, drop, result));
}
