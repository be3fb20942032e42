/**
 * The article text with its layers: technique spans highlighted, removed boilerplate marked,
 * machine-translation damage underlined and attributions of claims shaded (anonymous or named), each
 * with its reason in the tooltip, and every span findable so evidence quotes can scroll to and flash
 * their place. The text is split at
 * span boundaries into text nodes inside <span> elements; it is never parsed as HTML.
 */
import type { Analysis } from './api.js';
import { h, percent } from './dom.js';
import { techniqueColor, techniqueName } from './colors.js';

/** The source of a span an analyst decided on ("analyst: <name>"): its tooltip shows no score, a decision has none. */
export const ANALYST_SOURCE = 'analyst: ';

interface Range {
  start: number;
  end: number;
}

interface Segment extends Range {
  el: HTMLElement;
}

export interface HighlightedText {
  element: HTMLElement;
  /** Scrolls to the text of the first range and makes the text of every range flash. */
  flash(...ranges: Range[]): void;
}

type DamageSpan = NonNullable<Analysis['provenance']['damage']>[number];

/** A damage span's tooltip: what it is, what was expected, why, how sure. */
export function damageTitle(d: DamageSpan): string {
  return `Possible machine-translation damage (${d.kind})${d.expected ? `: expected "${d.expected}"` : ''} — ${d.reason}, confidence ${percent(d.confidence)}`;
}

/** A technique span's tooltip: its name, and the model's confidence unless an analyst decided on it (a decision has no score). */
function techniqueTitle(t: { technique: string; confidence: number; source: string }): string {
  return t.source.startsWith(ANALYST_SOURCE) ? `${techniqueName(t.technique)} (${t.source})` : `${techniqueName(t.technique)} — confidence ${percent(t.confidence)} (${t.source})`;
}

/** `damage`: the analysis's damage spans with any the store adds (substitutions against an earlier copy). */
export function renderHighlightedText(raw: string, analysis: Analysis, damage: readonly DamageSpan[] = analysis.provenance.damage ?? []): HighlightedText {
  const techniques = analysis.techniques?.spans ?? [];
  const removed = analysis.cleaning.removed;
  const sourcing = analysis.provenance.sourcing?.spans ?? [];
  const evidence: Range[] = [
    ...(analysis.narratives?.narratives.flatMap((n) => n.evidence) ?? []),
    ...(analysis.narratives?.subNarratives.flatMap((n) => n.evidence) ?? []),
    ...(analysis.narratives?.dominant?.evidence ?? []),
    ...(analysis.entities?.flatMap((e) => [...e.mentions, ...e.evidence]) ?? []),
    ...analysis.provenance.attributedTo,
  ];
  const clamp = (n: number) => Math.max(0, Math.min(raw.length, n));
  const cuts = new Set<number>([0, raw.length]);
  for (const r of [...techniques, ...removed, ...evidence, ...damage, ...sourcing]) {
    cuts.add(clamp(r.start));
    cuts.add(clamp(r.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const element = h('div', { class: 'article-text', attrs: { 'data-testid': 'article-text' } });
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const end = points[i + 1];
    if (end <= start) continue;
    const covering = techniques.filter((t) => t.start <= start && t.end >= end);
    const cut = removed.find((r) => r.start <= start && r.end >= end);
    const el = h('span', { class: 'seg' }, raw.slice(start, end));
    if (covering.length) {
      el.classList.add('technique');
      el.style.setProperty('--tc', techniqueColor(covering[0].technique));
      el.dataset.technique = covering.map((t) => t.technique).join(' ');
      el.title = covering.map(techniqueTitle).join('\n');
    }
    if (cut) {
      el.classList.add('removed');
      el.title = `Removed as boilerplate (${cut.rule}): ${cut.reason}`;
    }
    markProvenance(el, damage.filter((d) => d.start <= start && d.end >= end), sourcing.find((x) => x.start <= start && x.end >= end));
    segments.push({ start, end, el });
    element.appendChild(el);
  }

  const flash = (...ranges: Range[]) => {
    const hit = segments.filter((s) => ranges.some((range) => s.start < range.end && s.end > range.start));
    if (!hit.length) return;
    hit[0].el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    for (const s of hit) {
      s.el.classList.remove('flash');
      void s.el.offsetWidth; // restart the animation when the same quote is clicked twice
      s.el.classList.add('flash');
    }
    window.setTimeout(() => hit.forEach((s) => s.el.classList.remove('flash')), 1800);
  };
  return { element, flash };
}

/** Underlines damage and shades an attribution on a segment, adding their reasons to its tooltip. */
function markProvenance(el: HTMLElement, damage: readonly DamageSpan[], attribution: NonNullable<Analysis['provenance']['sourcing']>['spans'][number] | undefined): void {
  const lines = el.title ? [el.title] : [];
  if (damage.length) {
    el.classList.add('damage');
    el.dataset.damage = damage.map((d) => d.kind).join(' ');
    lines.push(...damage.map(damageTitle));
  }
  if (attribution) {
    el.classList.add(`sourcing-${attribution.kind}`);
    el.dataset.sourcing = attribution.kind;
    lines.push(`${attribution.kind === 'anonymous' ? 'Anonymous or unverifiable attribution' : `Named attribution${attribution.source ? ` (${attribution.source})` : ''}`}: "${attribution.cue}"`);
  }
  if (lines.length) el.title = lines.join('\n');
}
