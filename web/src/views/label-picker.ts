/** A searchable label picker: a search box over labels with their names, definitions and groups; picking one calls back with its label. */
import { h } from '../dom.js';

export interface PickerOption {
  /** The label string a decision names. */
  label: string;
  name: string;
  definition?: string;
  /** What it sits under (a narrative's domain, a sub-narrative's narrative). */
  group?: string;
}

/** At most this many matches are listed: a taxonomy has a few hundred labels, and a longer list is read by no one. */
const SHOWN = 30;

/**
 * Every word of the query found in the label, its name, group or definition (case-insensitive). Written here rather
 * than taken from a fuzzy-search library: a few hundred labels are scanned in well under a millisecond, and analysts
 * search by the words of a definition, which plain word matching finds without ranking surprises.
 */
function matches(option: PickerOption, words: string[]): boolean {
  const hay = `${option.label} ${option.name} ${option.group ?? ''} ${option.definition ?? ''}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function labelPicker(task: string, options: readonly PickerOption[], onPick: (label: string) => void): HTMLElement {
  const list = h('ul', { class: 'picker-list', attrs: { role: 'listbox', 'data-testid': `picker-list-${task}` } });
  const search = h('input', {
    class: 'picker-search',
    attrs: { type: 'search', placeholder: `Search labels to add (${options.length})…`, 'aria-label': `Add a ${task} label`, 'data-testid': `picker-${task}`, 'data-picker': task },
  });
  const render = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const found = words.length ? options.filter((o) => matches(o, words)) : [];
    list.replaceChildren(
      ...found.slice(0, SHOWN).map((o) =>
        h(
          'li',
          {},
          h(
            'button',
            { class: 'picker-option', attrs: { type: 'button', role: 'option' }, data: { label: o.label }, on: { click: () => onPick(o.label) } },
            h('span', { class: 'picker-name' }, o.name),
            o.group ? h('span', { class: 'picker-group muted small' }, ` · ${o.group}`) : null,
            o.definition ? h('span', { class: 'picker-definition muted small' }, o.definition) : null,
          ),
        ),
      ),
      ...(found.length > SHOWN ? [h('li', { class: 'muted small' }, `${found.length - SHOWN} more: type more words`)] : []),
      ...(words.length && !found.length ? [h('li', { class: 'muted small' }, 'No label matches.')] : []),
    );
  };
  search.addEventListener('input', render);
  search.addEventListener('keydown', (e) => {
    // Enter picks the first match, Escape leaves the box, so the keyboard alone can add a label.
    if (e.key === 'Enter') list.querySelector<HTMLButtonElement>('.picker-option')?.click();
    if (e.key === 'Escape') search.blur();
  });
  return h('div', { class: 'picker' }, search, list);
}
