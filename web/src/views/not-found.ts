/** Not found: the view for a hash route the dashboard does not know, with the way back. */
import { h } from '../dom.js';

export function showNotFound(container: HTMLElement, path: string): void {
  container.replaceChildren(
    h(
      'div',
      { class: 'not-found', attrs: { 'data-testid': 'not-found' } },
      h('h2', {}, 'Page not found'),
      h('p', {}, 'There is no page at ', h('code', {}, `#/${path}`), '.'),
      h('p', {}, h('a', { attrs: { href: '#/' } }, 'Overview'), ' · ', h('a', { attrs: { href: '#/articles' } }, 'Articles'), ' · ', h('a', { attrs: { href: '#/analyze' } }, 'Analyze')),
    ),
  );
}
