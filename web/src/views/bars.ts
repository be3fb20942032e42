/** Horizontal bar lists: readable with long narrative names, and every bar is a button that filters. */
import type { Count } from '../../../src/store/queries.js';
import { h, notice } from '../dom.js';

export function barList(counts: Count[], onPick: (label: string) => void, options: { name: string; display?: (l: string) => string; color?: (l: string) => string }) {
  if (counts.length === 0) return notice(`No ${options.name} in this selection.`);
  const max = Math.max(...counts.map((c) => c.count));
  return h(
    'ul',
    { class: 'bars', attrs: { 'aria-label': options.name } },
    counts.map((c) => {
      const fill = h('span', { class: 'bar-fill' });
      fill.style.width = `${(100 * c.count) / max}%`;
      if (options.color) fill.style.background = options.color(c.label);
      return h(
        'li',
        {},
        h(
          'button',
          { class: 'bar', attrs: { type: 'button' }, data: { label: c.label }, title: `Filter by ${c.label}`, on: { click: () => onPick(c.label) } },
          h('span', { class: 'bar-label' }, options.display ? options.display(c.label) : c.label),
          h('span', { class: 'bar-track' }, fill),
          h('span', { class: 'bar-count' }, String(c.count)),
        ),
      );
    }),
  );
}
