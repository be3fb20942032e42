#!/usr/bin/env node
// Reliability diagrams of the out-of-fold calibrated probabilities, one SVG per task (docs/img/
// reliability-<task>.svg), one line per language, from the bins the CV benches saved in bench/out
// (the three fold seeds' bins merged: counts added, means weighted by count). Each point is a bin of
// 10: mean predicted probability (x) against the share that came true (y); the diagonal is perfect
// calibration. Drawn as plain SVG text: a few lines of markup, where a charting dependency would be
// larger than the plots.
// Usage: node bench/reliability-plots.mjs   (after bench/genre-cv.mjs, frames-cv.mjs, techniques-cv.mjs, narratives.mjs)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = 'bench/out';
const SEEDS = [42, 43, 44];
const LANGS = ['en', 'fr', 'de', 'it', 'pl', 'ru', 'bg', 'hi', 'pt'];
const COLOURS = { en: '#1f77b4', fr: '#ff7f0e', de: '#2ca02c', it: '#d62728', pl: '#9467bd', ru: '#8c564b', bg: '#e377c2', hi: '#7f7f7f', pt: '#17becf' };
const read = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null);

/** Bins of several runs merged into one list of 10. */
function merge(binLists) {
  return Array.from({ length: 10 }, (_, b) => {
    const bins = binLists.map((l) => l[b]).filter((x) => x && x.count > 0);
    const count = bins.reduce((s, x) => s + x.count, 0);
    const avg = (k) => (count ? bins.reduce((s, x) => s + x[k] * x.count, 0) / count : 0);
    return { count, confidence: avg('confidence'), frequency: avg('frequency') };
  });
}

const ece = (bins) => {
  const n = bins.reduce((s, b) => s + b.count, 0);
  return n ? bins.reduce((s, b) => s + (b.count / n) * Math.abs(b.confidence - b.frequency), 0) : 0;
};

/** language → merged bins, for each task's own files. */
const tasks = {
  genre: { title: 'Genre: top-label probability', bins: (l) => SEEDS.map((s) => read(join(OUT, 'genre-cv', `${l}-${s}.json`))?.run?.reliability).filter(Boolean) },
  frames: { title: 'Frames: probabilities of the frames decided', bins: (l) => SEEDS.map((s) => read(join(OUT, 'frames-cv', `${l}-${s}-reliability.json`))?.positive).filter(Boolean) },
  techniques: { title: 'Paragraph techniques: probabilities of the techniques decided', bins: (l) => SEEDS.map((s) => read(join(OUT, 'techniques-cv', `${l}-${s}.json`))?.ece?.positiveBins).filter(Boolean) },
  narratives: { title: 'Narratives: probabilities of the labels shown', bins: (l) => [read(join(OUT, 'narratives-reliability.json'))?.[l.toUpperCase()]?.shown?.bins].filter(Boolean) },
};

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function svg(title, series) {
  const W = 420;
  const P = 50;
  const S = W - 2 * P;
  const x = (v) => P + v * S;
  const y = (v) => P + (1 - v) * S;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W + 190}" height="${W}" font-family="sans-serif" font-size="11">`, `<rect width="100%" height="100%" fill="white"/>`, `<text x="${P}" y="20" font-size="13">${esc(title)}</text>`];
  parts.push(`<rect x="${P}" y="${P}" width="${S}" height="${S}" fill="none" stroke="#999"/>`, `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#bbb" stroke-dasharray="4 4"/>`);
  for (let t = 0; t <= 10; t += 2) {
    parts.push(`<text x="${x(t / 10)}" y="${P + S + 15}" text-anchor="middle">${t / 10}</text>`, `<text x="${P - 8}" y="${y(t / 10) + 4}" text-anchor="end">${t / 10}</text>`);
  }
  parts.push(`<text x="${P + S / 2}" y="${P + S + 32}" text-anchor="middle">mean predicted probability</text>`, `<text transform="translate(14 ${P + S / 2}) rotate(-90)" text-anchor="middle">share that came true</text>`);
  series.forEach(({ lang, bins }, k) => {
    const c = COLOURS[lang];
    const pts = bins.filter((b) => b.count > 0);
    const max = Math.max(...pts.map((b) => b.count));
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="1.5" points="${pts.map((b) => `${x(b.confidence).toFixed(1)},${y(b.frequency).toFixed(1)}`).join(' ')}"/>`);
    for (const b of pts) parts.push(`<circle cx="${x(b.confidence).toFixed(1)}" cy="${y(b.frequency).toFixed(1)}" r="${(2 + 4 * Math.sqrt(b.count / max)).toFixed(1)}" fill="${c}" fill-opacity="0.6"/>`);
    parts.push(`<text x="${P + S + 15}" y="${P + 14 + k * 16}" fill="${c}">${lang.toUpperCase()} ECE ${ece(bins).toFixed(3)} (seeds pooled)</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

mkdirSync('docs/img', { recursive: true });
for (const [task, t] of Object.entries(tasks)) {
  const series = LANGS.map((lang) => ({ lang, bins: t.bins(lang) })).filter((s) => s.bins.length > 0).map((s) => ({ lang: s.lang, bins: merge(s.bins) }));
  if (series.length === 0) {
    process.stderr.write(`${task}: no bins in ${OUT}, skipped\n`);
    continue;
  }
  writeFileSync(join('docs/img', `reliability-${task}.svg`), `${svg(t.title, series)}\n`);
  process.stdout.write(`${task}: ${series.map((s) => `${s.lang} ${ece(s.bins).toFixed(3)}`).join(', ')}\n`);
}
