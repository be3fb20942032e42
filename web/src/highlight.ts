/**
 * The article text with its layers: technique spans highlighted, removed boilerplate marked, and
 * every span findable so evidence quotes can scroll to and flash their place. The text is split at
 * span boundaries into text nodes inside <span> elements; it is never parsed as HTML.
 */
import type { Analysis } from './api.js';
import { h, percent } from './dom.js';
import { techniqueColor, techniqueName } from './colors.js';

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

export function renderHighlightedText(raw: string, analysis: Analysis): HighlightedText {
  const techniques = analysis.techniques?.spans ?? [];
  const removed = analysis.cleaning.removed;
  const evidence: Range[] = [
    ...(analysis.narratives?.narratives.flatMap((n) => n.evidence) ?? []),
    ...(analysis.narratives?.subNarratives.flatMap((n) => n.evidence) ?? []),
    ...(analysis.narratives?.dominant?.evidence ?? []),
    ...(analysis.entities?.flatMap((e) => [...e.mentions, ...e.evidence]) ?? []),
    ...analysis.provenance.attributedTo,
  ];
  const clamp = (n: number) => Math.max(0, Math.min(raw.length, n));
  const cuts = new Set<number>([0, raw.length]);
  for (const r of [...techniques, ...removed, ...evidence]) {
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
      el.title = covering.map((t) => `${techniqueName(t.technique)} — confidence ${percent(t.confidence)} (${t.source})`).join('\n');
    }
    if (cut) {
      el.classList.add('removed');
      el.title = `Removed as boilerplate (${cut.rule}): ${cut.reason}`;
    }
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
