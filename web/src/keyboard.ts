/**
 * Keyboard shortcuts for reviewing (issue 17): j/k move between the labels of the article view, a accepts and r
 * rejects the label in focus, n opens the next article of the review queue, / focuses the label picker, ? shows
 * the help. They act through the controls on the page (the same buttons a click uses), so there is one way to decide.
 */
import { h, notice } from './dom.js';
import { openNextInQueue } from './views/review.js';

const HELP: [string, string][] = [
  ['j / k', 'next / previous label'],
  ['a', 'accept the label in focus'],
  ['r', 'reject the label in focus'],
  ['/', 'search the taxonomy to add a narrative'],
  ['n', 'next article in the review queue'],
  ['?', 'show or hide this help'],
  ['Esc', 'close this help, leave a search box'],
];

let overlay: HTMLElement | undefined;

function toggleHelp(): void {
  if (overlay?.isConnected) return closeHelp();
  overlay = h(
    'div',
    { class: 'help-overlay', attrs: { role: 'dialog', 'aria-label': 'Keyboard shortcuts', 'data-testid': 'help-overlay' }, on: { click: (e) => e.target === overlay && closeHelp() } },
    h('div', { class: 'help-box' }, h('h3', {}, 'Keyboard shortcuts'), h('dl', {}, HELP.map(([key, what]) => [h('dt', {}, h('kbd', {}, key)), h('dd', {}, what)]))),
  );
  document.body.append(overlay);
}

function closeHelp(): void {
  overlay?.remove();
}

const rows = () => [...document.querySelectorAll<HTMLElement>('.label-row')];
const focusedRow = () => (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.label-row') ?? null;

function moveFocus(step: 1 | -1): void {
  const all = rows();
  if (!all.length) return;
  const at = all.indexOf(focusedRow()!);
  const next = at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.max(0, Math.min(all.length - 1, at + step));
  all[next].focus();
  all[next].scrollIntoView({ block: 'nearest' });
}

function decide(action: 'accept' | 'reject'): void {
  focusedRow()?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)?.click();
}

/** The current article's id, when an article is shown. */
function currentArticle(): string | undefined {
  const m = /^#\/article\/(.+)$/.exec(location.hash.split('?')[0]);
  return m ? decodeURIComponent(m[1]) : undefined;
}

async function next(): Promise<void> {
  const found = await openNextInQueue(currentArticle()).catch(() => false);
  if (!found) document.getElementById('app')?.prepend(notice('The review queue has no other article.'));
}

/** Typing in a field is typing, not a shortcut. */
const typing = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName));

const ACTIONS: Record<string, () => void> = {
  j: () => moveFocus(1),
  k: () => moveFocus(-1),
  a: () => decide('accept'),
  r: () => decide('reject'),
  n: () => void next(),
  '/': () => document.querySelector<HTMLInputElement>('[data-picker="narratives"]')?.focus(),
  '?': toggleHelp,
};

export function installShortcuts(): void {
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') return closeHelp();
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    const action = ACTIONS[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  });
}
