/**
 * SemEval-2025 Task 10 subtask-2 files: `file<TAB>narr1;narr2<TAB>sub1;sub2`, one article per line,
 * no header, "Other" when no narrative applies. Parsing reports every bad line by number and goes on.
 */
import type { Narratives } from '../../schema.js';
import { OTHER, isKnownLabel, otherSubOf, type Taxonomy } from './taxonomy.js';

export interface Subtask2Row {
  id: string;
  narratives: string[];
  subNarratives: string[];
}

export interface ParseProblem {
  line: number;
  message: string;
}

function splitLabels(cell: string): string[] {
  return cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Parses a subtask-2 file. With a taxonomy, labels outside it are problems. Lines with the wrong
 * number of columns, an empty id or a repeated id are problems too; they are skipped.
 */
export function parseSubtask2(text: string, taxonomy?: Taxonomy): { rows: Subtask2Row[]; problems: ParseProblem[] } {
  const rows: Subtask2Row[] = [];
  const problems: ParseProblem[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, k) => {
    const line = k + 1;
    if (raw.trim() === '') return;
    const cols = raw.split('\t');
    if (cols.length !== 3) {
      problems.push({ line, message: `expected 3 tab-separated columns (id, narratives, sub-narratives), found ${cols.length}` });
      return;
    }
    const id = cols[0].trim();
    if (!id) return void problems.push({ line, message: 'empty article id' });
    if (seen.has(id)) return void problems.push({ line, message: `article id ${id} appears more than once` });
    const narratives = splitLabels(cols[1]);
    const subNarratives = splitLabels(cols[2]);
    if (narratives.length === 0) return void problems.push({ line, message: 'no narrative labels (use "Other")' });
    if (subNarratives.length === 0) return void problems.push({ line, message: 'no sub-narrative labels (use "Other")' });
    if (taxonomy) {
      const bad = [
        ...narratives.filter((l) => !isKnownLabel(l, taxonomy, 'coarse')).map((l) => `unknown narrative "${l}"`),
        ...subNarratives.filter((l) => !isKnownLabel(l, taxonomy, 'fine')).map((l) => `unknown sub-narrative "${l}"`),
      ];
      if (bad.length > 0) return void problems.push({ line, message: bad.join('; ') });
    }
    seen.add(id);
    rows.push({ id, narratives, subNarratives });
  });
  return { rows, problems };
}

/** Formats rows in the official submission format (one line per article, trailing newline). */
export function formatSubtask2(rows: readonly Subtask2Row[]): string {
  return rows.map((r) => `${r.id}\t${r.narratives.join(';')}\t${r.subNarratives.join(';')}\n`).join('');
}

/**
 * The subtask-2 row of an analysed article: the one writer `predict narratives` and the export share.
 * It is the decoder's answer the analysis keeps in `semeval`. An analysis stored before that field
 * existed lists only specific sub-narratives, so its row is rebuilt: "<narrative>: Other" for a
 * narrative no sub-narrative covers (the hedge "Other" and a scored "<narrative>: Other" beside
 * specific ones cannot be recovered; `reanalyze` restores them). Null when the narrative model did not run.
 */
export function subtask2RowOf(id: string, n: Narratives | undefined): Subtask2Row | null {
  if (n?.status !== 'ok') return null;
  if (n.semeval) return { id, narratives: [...n.semeval.narratives], subNarratives: [...n.semeval.subNarratives] };
  if (n.narratives.length === 0) return { id, narratives: [OTHER], subNarratives: [OTHER] };
  const covered = new Set(n.subNarratives.map((s) => s.narrative));
  const narratives = n.narratives.map((x) => x.label);
  return { id, narratives, subNarratives: [...n.subNarratives.map((s) => s.label), ...narratives.filter((x) => !covered.has(x)).map(otherSubOf)] };
}
