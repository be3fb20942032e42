/**
 * Display helpers for taxonomy labels (names and display order), free of I/O so that the dashboard
 * can share them with the terminal report.
 */

/** A sub-narrative's own name: the label without its "<narrative>: " prefix (the whole label otherwise). */
export function subNarrativeName(narrative: string, subNarrative: string): string {
  const prefix = `${narrative}: `;
  return subNarrative.startsWith(prefix) ? subNarrative.slice(prefix.length) : subNarrative;
}

/** Display order of scored labels: highest score first, then by label (stable across runs). */
export function byScore(a: { label: string; score: number }, b: { label: string; score: number }): number {
  return b.score - a.score || a.label.localeCompare(b.label);
}
