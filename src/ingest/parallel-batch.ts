/**
 * One ingest batch on an analysis thread (`ingest --workers N`): the CLI's tasks (the provenance task
 * with the corpus's frequent names the main thread sent), each article analysed on its own (a failure
 * costs only that article), then the batch adapted to its label priors here, where its Docs are.
 * The main thread's side is src/ingest/parallel.ts; the thread entry is src/server/analyze-worker.ts.
 */
import type { Article } from '../doc/article.js';
import { batchAnalyser } from '../pipeline.js';
import type { Analysis } from '../schema.js';
import { TASKS, tasksWithNames, withoutProvenance } from '../tasks/registry.js';
import type { AdaptedGroup, PriorsMode } from '../tasks/shift.js';
import type { AnyTask } from '../tasks/task.js';
import type { NamesSnapshot } from '../cli/corpus-names.js';
import { collectGarbage } from '../cli/memory.js';
import type { BatchOutcome } from './service.js';

/** What the main thread sends: the batch's articles in input order, and how to analyse them. */
export interface IngestBatchTask {
  ingest: { article: Article; language?: string }[];
  options: {
    priors?: PriorsMode;
    /** False with --no-provenance: the tasks less the provenance task. */
    provenance: boolean;
    /** The corpus's frequent names as last read (absent: none known). */
    names?: NamesSnapshot;
  };
}

/** What comes back: per article its Analysis or error, in input order; what the label-shift step did; languages whose names were asked for but not sent. */
export interface IngestBatchResult {
  outcomes: BatchOutcome[];
  adapted: AdaptedGroup[];
  namesWanted: string[];
}

const NONE: readonly string[] = Object.freeze([]);

// The thread's copy of the names: kept (the same arrays) while the version sent is the same, so the
// provenance task rebuilds its name index only when the main thread has read the names again.
let names: NamesSnapshot = { version: -1, byLanguage: {} };
const wanted = new Set<string>();
const lookup = (language: string): readonly string[] => {
  const known = names.byLanguage[language];
  if (known) return known;
  wanted.add(language);
  return NONE;
};
// Built once per thread: the provenance task prepares its lists when it is made.
let withNames: AnyTask[] | undefined;
let withoutNames: AnyTask[] | undefined;

function tasksFor(provenance: boolean): readonly AnyTask[] {
  return provenance ? (withNames ??= tasksWithNames(lookup)) : (withoutNames ??= withoutProvenance(TASKS));
}

/** Analyses and adapts one batch; see the file comment. */
export function analyseIngestBatch(task: IngestBatchTask): IngestBatchResult {
  const { priors, provenance } = task.options;
  if (task.options.names && task.options.names.version !== names.version) names = task.options.names;
  wanted.clear();
  const analyser = batchAnalyser({ priors, annotators: tasksFor(provenance) });
  const outcomes = task.ingest.map(({ article, language }): BatchOutcome => {
    try {
      return { analysis: analyser.analyse(article, language) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  });
  const analysed = outcomes.flatMap((o) => ('analysis' in o ? [o.analysis as Analysis] : []));
  const adapted = analyser.adapt(analysed);
  // The batch's Docs are garbage now: collected once per batch, as the in-process ingest collects
  // every few dozen articles (cli/memory.ts), so a long run's threads stay near models + one batch.
  collectGarbage();
  return { outcomes, adapted, namesWanted: [...wanted] };
}
