/** One colour per persuasion technique (in the taxonomy's order), the same in legend, highlight and charts. */
import { TECHNIQUES } from '../../src/tasks/techniques/taxonomy.js';

const PALETTE = [
  '#e6194b', '#3cb44b', '#d4a017', '#4363d8', '#f58231', '#911eb4', '#1fa2a8', '#d03fc0', '#7fa11b', '#c2577a',
  '#008080', '#9a6324', '#800000', '#2f8f5b', '#808000', '#b3641e', '#000075', '#6b6b6b', '#b8860b', '#5f4b8b',
  '#c71585', '#2e8b57', '#4682b4',
];

const index = new Map<string, number>(TECHNIQUES.map((t, i) => [t, i]));

export function techniqueColor(technique: string): string {
  let i = index.get(technique);
  if (i === undefined) {
    i = 0;
    for (const ch of technique) i = (i * 31 + ch.charCodeAt(0)) >>> 0;
  }
  return PALETTE[i % PALETTE.length];
}

export const SERIES_COLORS = ['#4363d8', '#e6194b', '#3cb44b', '#f58231', '#911eb4', '#1fa2a8', '#808000', '#9a6324'];

/** Technique names are written with underscores in the taxonomy: show them with spaces. */
export const techniqueName = (t: string) => t.replace(/_/g, ' ');
