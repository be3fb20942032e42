/**
 * The article view's corrections (issue 17): every label shown for a stored article (GET /api/articles/{id}
 * `effective`), the analyst's marked with who decided and rejected ones struck through, with accept (✓) and
 * reject (✗) controls, a searchable picker over the active taxonomy to add a label, an entity's role change, and
 * technique spans marked by selecting text. Each control sends one POST /api/articles/{id}/annotations.
 */
import { ApiError, api, type AnnotationInput, type ArticleDetail, type TaxonomyBody } from '../api.js';
import { techniqueName } from '../colors.js';
import { h, notice, percent } from '../dom.js';
import { ANALYST_SOURCE } from '../highlight.js';
import { labelDisplay, taskList } from '../tasks.js';
import { subNarrativeName } from '../../../src/tasks/narratives/label-names.js';
import type { ShownLabel, TaskOverlay } from '../../../src/api-schema.js';
import { labelPicker, type PickerOption } from './label-picker.js';

export interface CorrectionsContext {
  detail: ArticleDetail;
  /** The active taxonomy (GET /api/taxonomy); without it the controls work but nothing can be added. */
  taxonomy?: TaxonomyBody;
  /** The highlighted article text, where a selection marks a technique span. */
  text: HTMLElement;
  /** Scrolls to a span of the text and makes it flash. */
  flash(range: { start: number; end: number }): void;
  /** Reads the article again and renders it, after a decision was stored. */
  reload(): Promise<void>;
}

/** The tasks an analyst decides on, in the order the panel shows them. */
const TASKS = ['narratives', 'entities', 'techniques', 'genre', 'frames'] as const;

type Target = Pick<AnnotationInput, 'task' | 'label' | 'entity' | 'span'>;

/** A message from the last request, shown once the article is rendered again (a success or a recorded conflict). */
let pending: { text: string; kind: 'error' | 'info' } | undefined;

/** A decision's target from a shown label: the entity for a role, the span for a technique. */
function targetOf(task: string, l: ShownLabel): Target {
  return { task, label: l.label, ...(l.entity !== undefined ? { entity: l.entity } : {}), ...(l.span ? { span: l.span } : {}) };
}

/** Restoring or confirming a label: accept what the model gave, add what it did not. */
const holdDecision = (l: ShownLabel): AnnotationInput['decision'] => (l.score !== undefined ? 'accept' : 'add');

/** A row's key, stable across reloads, so the keyboard focus stays on the row just decided. */
export const rowKey = (t: Target) => [t.task, t.entity ?? '', t.label, t.span ? `${t.span.start}-${t.span.end}` : ''].join('|');

function taskTitle(task: string): string {
  return taskList().find((t) => t.id === task)?.title ?? task.charAt(0).toUpperCase() + task.slice(1);
}

function displayName(task: string, l: ShownLabel, raw: string): string {
  if (task === 'narratives') return l.narrative ? subNarrativeName(l.narrative, l.label) : l.label;
  if (task === 'entities') return `${l.entity ?? '?'}: ${l.label}`;
  if (task === 'techniques') {
    const quote = l.span ? raw.slice(l.span.start, l.span.end) : '';
    return `${techniqueName(l.label)}${quote ? ` “${quote.length > 80 ? `${quote.slice(0, 77)}…` : quote}”` : ''}`;
  }
  return labelDisplay(l.label);
}

/** Who said so: "analyst: <name>" for a decision, the model's score otherwise; and a conflict flag when authors disagree. */
function sourceBadges(l: ShownLabel): HTMLElement[] {
  const badges: HTMLElement[] = [];
  if (l.source === 'analyst' || l.author) {
    const when = l.at ? ` on ${l.at.slice(0, 10)}` : '';
    badges.push(h('span', { class: 'analyst-badge', attrs: { 'data-testid': 'analyst-badge' }, title: `${l.decision ?? 'decided'} by ${l.author}${when}` }, `analyst: ${l.author ?? '?'}`));
  }
  if (l.source === 'model' && l.score !== undefined && !l.author) badges.push(h('span', { class: 'model-score muted small', title: "the model's score" }, percent(l.score)));
  if (l.conflict) {
    const who = (l.decisions ?? []).map((d) => `${d.author}: ${d.decision}`).join(', ');
    badges.push(h('span', { class: 'conflict-badge', attrs: { 'data-testid': 'conflict' }, title: `Analysts disagree (${who}); the latest decision applies` }, '⚠ conflict'));
  }
  return badges;
}

/** The role labels an entity's role may change to: main roles for a main role, fine roles for a fine one. */
function roleChoices(taxonomy: TaxonomyBody | undefined, current: string): string[] {
  const roles = taxonomy?.roles ?? [];
  const isMain = roles.some((r) => r.label === current && !r.main);
  return roles.filter((r) => (isMain ? !r.main : Boolean(r.main)) && r.label !== current).map((r) => r.label);
}

interface Send {
  (decisions: AnnotationInput[], done?: string): Promise<void>;
}

/** A select that replaces an entity's role: the old one rejected and the new one added in one request. */
function roleChange(l: ShownLabel, taxonomy: TaxonomyBody | undefined, send: Send): HTMLElement | null {
  const choices = roleChoices(taxonomy, l.label);
  if (!choices.length || l.entity === undefined) return null;
  const select = h(
    'select',
    { class: 'role-change', attrs: { 'aria-label': `Change the role of ${l.entity}`, 'data-testid': 'role-change' } },
    h('option', { attrs: { value: '' } }, 'change role…'),
    choices.map((c) => h('option', { attrs: { value: c } }, c)),
  );
  select.addEventListener('change', () => {
    if (!select.value) return;
    void send(
      [
        { task: 'entities', entity: l.entity, label: l.label, decision: 'reject' },
        { task: 'entities', entity: l.entity, label: select.value, decision: 'add' },
      ],
      `${l.entity} is now ${select.value}`,
    );
  });
  return select;
}

function labelRow(task: string, l: ShownLabel, rejected: boolean, ctx: CorrectionsContext, send: Send): HTMLElement {
  const target = targetOf(task, l);
  const name = displayName(task, l, ctx.detail.raw);
  const accept = h('button', { class: 'decide accept', attrs: { type: 'button', 'aria-label': `Accept ${name}`, 'data-action': 'accept' }, title: 'Accept (a)', on: { click: () => void send([{ ...target, decision: holdDecision(l) }]) } }, '✓');
  const reject = h('button', { class: 'decide reject', attrs: { type: 'button', 'aria-label': `Reject ${name}`, 'data-action': 'reject' }, title: 'Reject (r)', on: { click: () => void send([{ ...target, decision: 'reject' }]) } }, '✗');
  const row = h(
    'li',
    {
      class: `label-row${rejected ? ' rejected' : ''}${l.narrative ? ' sub' : ''}${l.source === 'analyst' ? ' by-analyst' : ''}`,
      attrs: { tabindex: '-1', 'data-testid': 'label-row' },
      data: { task, label: l.label, state: rejected ? 'rejected' : 'shown', source: l.source, key: rowKey(target), ...(l.entity !== undefined ? { entity: l.entity } : {}) },
    },
    h('span', { class: 'row-label' }, rejected ? h('s', {}, name) : name),
    ' ',
    sourceBadges(l),
    h('span', { class: 'row-actions' }, accept, reject, task === 'entities' && !rejected ? roleChange(l, ctx.taxonomy, send) : null),
  );
  // A click on a technique row's name shows its span in the text.
  const span = l.span;
  if (span) row.querySelector('.row-label')!.addEventListener('click', () => ctx.flash(span));
  return row;
}

/** The picker's options for a task, from the active taxonomy. */
function pickerOptions(task: string, taxonomy: TaxonomyBody): PickerOption[] {
  switch (task) {
    case 'narratives':
      return taxonomy.domains.flatMap((d) =>
        d.narratives.flatMap((n) => [
          { label: n.label, name: n.name, definition: n.definition, group: d.name },
          ...n.subNarratives.map((s) => ({ label: s.label, name: s.name, definition: s.definition, group: n.name })),
        ]),
      );
    case 'genre':
      return taxonomy.genres.map((g) => ({ label: g, name: labelDisplay(g) }));
    case 'frames':
      return taxonomy.frames.map((f) => ({ label: f, name: labelDisplay(f) }));
    default:
      return [];
  }
}

/** Adding a role to an entity the article names: entity and role chosen, then one add. */
function entityAdder(ctx: CorrectionsContext, send: Send): HTMLElement | null {
  const names = [...new Set((ctx.detail.analysis.entities ?? []).map((e) => e.name))];
  const roles = ctx.taxonomy?.roles ?? [];
  if (!names.length || !roles.length) return null;
  const entity = h('select', { attrs: { 'aria-label': 'Entity', 'data-testid': 'add-role-entity' } }, names.map((n) => h('option', { attrs: { value: n } }, n)));
  const role = h('select', { attrs: { 'aria-label': 'Role', 'data-testid': 'add-role-role' } }, roles.map((r) => h('option', { attrs: { value: r.label } }, r.main ? `${r.main} › ${r.label}` : r.label)));
  const add = h('button', { attrs: { type: 'button' }, on: { click: () => void send([{ task: 'entities', entity: entity.value, label: role.value, decision: 'add' }]) } }, 'Add role');
  return h('div', { class: 'adder' }, entity, role, add);
}

/** Offsets of the current selection in the article's raw text, when it lies inside the text element and is not blank. */
function selectedSpan(text: HTMLElement): { start: number; end: number } | undefined {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return undefined;
  const range = sel.getRangeAt(0);
  if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return undefined;
  // The text element's text is the raw text itself (every character in one segment), so a prefix's length is an offset.
  const before = document.createRange();
  before.selectNodeContents(text);
  before.setEnd(range.startContainer, range.startOffset);
  let start = before.toString().length;
  let end = start + range.toString().length;
  const raw = text.textContent ?? '';
  while (start < end && /\s/.test(raw[start])) start++;
  while (end > start && /\s/.test(raw[end - 1])) end--;
  return end > start ? { start, end } : undefined;
}

/** Marking a technique: the selection in the text, a technique, and one add with the span. */
function spanMarker(ctx: CorrectionsContext, send: Send): HTMLElement {
  const techniques = ctx.taxonomy?.techniques ?? [];
  const quote = h('p', { class: 'selection-quote muted small', attrs: { 'data-testid': 'selection' } }, 'Select text in the article to mark a technique there.');
  const technique = h('select', { attrs: { 'aria-label': 'Technique', 'data-testid': 'mark-technique' } }, techniques.map((t) => h('option', { attrs: { value: t } }, techniqueName(t))));
  let span: { start: number; end: number } | undefined;
  const mark = h('button', { attrs: { type: 'button', disabled: '', 'data-testid': 'mark-span' } }, 'Mark span');
  mark.addEventListener('click', () => span && void send([{ task: 'techniques', label: technique.value, span, decision: 'add' }], `${techniqueName(technique.value)} marked`));
  const update = () => {
    span = selectedSpan(ctx.text);
    mark.disabled = !span || !techniques.length;
    quote.textContent = span ? `Selected (${span.start}–${span.end}): “${ctx.detail.raw.slice(span.start, span.end)}”` : 'Select text in the article to mark a technique there.';
  };
  ctx.text.addEventListener('mouseup', update);
  ctx.text.addEventListener('keyup', update);
  return h('div', { class: 'adder span-marker' }, quote, technique, mark);
}

/** The message box of a failed request: the server's line, and the field it names. */
function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const hint = err.status === 401 || err.status === 403 ? ' Set an annotator token in the field at the top.' : err.status === 409 ? ' Reload the article to see its current analysis.' : '';
    return `${err.message}${err.field ? ` (field: ${err.field})` : ''}${hint}`;
  }
  return (err as Error).message;
}

function taskSection(task: string, overlay: TaskOverlay, ctx: CorrectionsContext, send: Send): HTMLElement {
  const rows = [...overlay.labels.map((l) => labelRow(task, l, false, ctx, send)), ...overlay.rejected.map((l) => labelRow(task, l, true, ctx, send))];
  const options = ctx.taxonomy ? pickerOptions(task, ctx.taxonomy) : [];
  const picked = (label: string) => void send([{ task, label, decision: 'add' }], `${labelDisplay(label)} added`);
  return h(
    'div',
    { class: 'correction-task', data: { task } },
    h('h4', {}, taskTitle(task)),
    rows.length ? h('ul', { class: 'label-rows' }, rows) : h('p', { class: 'muted small' }, 'No label.'),
    options.length ? labelPicker(task, options, picked) : null,
    task === 'entities' ? entityAdder(ctx, send) : null,
    task === 'techniques' ? spanMarker(ctx, send) : null,
  );
}

/** The corrections panel of a stored article; null for an analysis that is not stored (nothing to decide on). */
export function correctionsPanel(ctx: CorrectionsContext): HTMLElement | null {
  const { detail } = ctx;
  if (!detail.stored || !detail.effective) return null;
  const status = h('div', { class: 'correction-status', attrs: { 'aria-live': 'polite' } });
  if (pending) status.append(notice(pending.text, pending.kind));
  if (pending?.kind === 'error') status.firstElementChild?.setAttribute('data-testid', 'correction-error');
  pending = undefined;
  const send: Send = async (decisions, done) => {
    status.replaceChildren(notice('Saving…'));
    try {
      const result = await api.annotate(detail.id, { decisions, modelVersion: detail.modelVersion, revision: detail.annotations?.revision ?? 0 });
      // `conflicts` holds both sides of each disagreement: the other side is whoever is not this request's author.
      const me = result.annotations[0]?.author;
      const others = [...new Set(result.conflicts.map((c) => c.author))].filter((a) => a !== me);
      pending = others.length
        ? { kind: 'info', text: `Saved; ${others.join(', ')} decided otherwise on the same label: recorded as a conflict.` }
        : { kind: 'info', text: done ? `Saved: ${done}.` : 'Saved.' };
      await ctx.reload();
    } catch (err) {
      const box = notice(errorText(err), 'error');
      box.setAttribute('data-testid', 'correction-error');
      status.replaceChildren(box);
    }
  };
  const tasks = TASKS.filter((t) => detail.effective![t]);
  const decided = detail.annotations?.annotations.filter((a) => a.current).length ?? 0;
  return h(
    'section',
    { class: 'panel corrections', attrs: { 'aria-label': 'Labels and corrections', 'data-testid': 'corrections' } },
    h('h3', {}, 'Labels and corrections'),
    h('p', { class: 'muted small' }, `${decided} current decision(s), revision ${detail.annotations?.revision ?? 0}. ✓ accept, ✗ reject; press ? for the keyboard shortcuts.`),
    status,
    tasks.map((t) => taskSection(t, detail.effective![t], ctx, send)),
  );
}

/**
 * The analysis with the technique spans shown after the decisions (added ones in, rejected ones out), so the
 * highlighted text agrees with the panel.
 */
export function withShownSpans(detail: ArticleDetail): ArticleDetail['analysis'] {
  const shown = detail.effective?.techniques?.labels;
  const a = detail.analysis;
  if (!shown || !a.techniques) return a;
  const spans = shown
    .filter((l) => l.span)
    .map((l) => ({ technique: l.label, start: l.span!.start, end: l.span!.end, text: detail.raw.slice(l.span!.start, l.span!.end), confidence: l.score ?? 1, source: l.source === 'analyst' ? `${ANALYST_SOURCE}${l.author}` : 'model' }));
  return { ...a, techniques: { ...a.techniques, spans } };
}
