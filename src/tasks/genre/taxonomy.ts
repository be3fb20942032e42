/** The genres of SemEval-2023 Task 3 subtask 1 (official strings). */
export const GENRES = ['opinion', 'reporting', 'satire'] as const;
export type Genre = (typeof GENRES)[number];

export function isGenre(name: string): name is Genre {
  return (GENRES as readonly string[]).includes(name);
}
