/**
 * Display helpers for taxonomy labels, free of I/O so that the dashboard can share them with the
 * terminal report.
 */

/** A sub-narrative's own name: the label without its "<narrative>: " prefix (the whole label otherwise). */
export function subNarrativeName(narrative: string, subNarrative: string): string {
  const prefix = `${narrative}: `;
  return subNarrative.startsWith(prefix) ? subNarrative.slice(prefix.length) : subNarrative;
}
