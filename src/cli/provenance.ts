/** `narrascope provenance <id>`, `narrascope sources` and `narrascope clusters`: the store's provenance answers (issue 14), as text or JSON. */
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import type { StoredArticle } from '../store/types.js';
import type { StorageEngine } from '../store/engine.js';
import type { ArticleProvenance, ClusterSummary, SourceProfile } from '../store/provenance.js';
import { openStore } from '../store/open.js';
import { MIN_HASH_PREFIX } from '../store/types.js';
import { formatTable } from './list.js';
import { clip, damageSpans, memberLine, renderProvenance, safeText } from './report.js';
import { positiveInt, useColor } from './shared.js';
import { notFoundMessage } from './show.js';
import { dbOption, nonNegativeInt } from './store-options.js';

const SOURCE_SORTS = ['copyShare', 'articles', 'copies'] as const;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** "A ×2 · B ×1", at most `max` entries. */
function counted<T extends { count: number }>(list: readonly T[], name: (x: T) => string, max = 3): string {
  if (list.length === 0) return '-';
  const shown = list.slice(0, max).map((x) => `${safeText(name(x))} ×${x.count}`);
  return `${shown.join(' · ')}${list.length > max ? ` (+${list.length - max})` : ''}`;
}

/** The report of one article's provenance: its cluster, copies, the outlets it names, damage with reasons and sourcing. */
export function renderArticleProvenance(found: StoredArticle, stored: ArticleProvenance, options: { color?: boolean } = {}): string {
  const c = pc.createColors(options.color ?? false);
  const a = found.analysis;
  const out = [c.bold(c.cyan(`━━ ${safeText(a.article.title) || '(untitled)'}`))];
  out.push(`  ${c.dim([found.id, found.source, found.publishedAt].filter(Boolean).map((s) => safeText(String(s))).join(' · '))}`);
  const cl = stored.cluster;
  if (cl) {
    out.push(`${c.bold('Cluster')} ${safeText(cl.id)}  ${cl.size} articles, first seen ${cl.firstSeen.slice(0, 10)}, last seen ${cl.lastSeen.slice(0, 10)}`);
    out.push(`  earliest  ${memberLine(cl.earliest, c)}`);
    out.push(`  sources   ${counted(cl.sources, (x) => x.source, 6)}`);
    if (cl.attributedTo.length) out.push(`  members attribute it to  ${counted(cl.attributedTo, (x) => x.outlet, 6)}`);
  } else out.push(`${c.bold('Cluster')}  none: no other stored article is a near-duplicate of this one`);
  renderProvenance(a, found.raw, c, out, stored);
  return out.join('\n');
}

/** The JSON of `provenance --json`: the store's answer with the analysis's attributions, damage (with the substitutions) and sourcing. */
export function articleProvenanceJson(found: StoredArticle, stored: ArticleProvenance) {
  const p = found.analysis.provenance;
  return { ...stored, attributedTo: p.attributedTo, damage: damageSpans(found.analysis, stored), sourcing: p.sourcing ?? null, ...(p.note ? { note: p.note } : {}) };
}

/** Source profiles as a table, in the order given. */
export function renderSources(sources: readonly SourceProfile[]): string {
  const cells = sources.map((s) => [
    clip(s.source, 40),
    String(s.articles),
    String(s.copies),
    pct(s.copyShare),
    String(s.originals),
    counted(s.liftsFrom, (x) => x.source),
    s.boilerplate.length ? s.boilerplate.slice(0, 3).map((b) => `${safeText(b.rule)} ${pct(b.share)}`).join(', ') : '-',
  ]);
  return formatTable(['SOURCE', 'ARTICLES', 'COPIES', 'COPY SHARE', 'ORIGINALS', 'LIFTS FROM', 'BOILERPLATE'], cells);
}

/** Clusters as a table, in the order given. */
export function renderClusters(clusters: readonly ClusterSummary[]): string {
  const cells = clusters.map((k) => [
    safeText(k.id),
    String(k.size),
    k.firstSeen.slice(0, 10),
    k.lastSeen.slice(0, 10),
    `${safeText(k.earliest.id)} (${safeText(k.earliest.source ?? '-')})`,
    counted(k.sources, (x) => x.source),
    clip(k.earliest.title || '(untitled)', 50),
  ]);
  return formatTable(['CLUSTER', 'SIZE', 'FIRST SEEN', 'LAST SEEN', 'EARLIEST', 'SOURCES', 'TITLE'], cells);
}

/** "1–20 of 57 (--offset 20 for more)", or why nothing was listed. */
function pageLine(what: string, offset: number, shown: number, total: number): string {
  if (shown === 0) return `no ${what} at offset ${offset} (${total} in all)\n`;
  const last = offset + shown;
  return `${offset + 1}–${last} of ${total} ${what}${last < total ? ` (--offset ${last} for more)` : ''}\n`;
}

/** Runs `body` on the store `--db` names, which must exist, and closes it. */
async function withStore<T>(db: string | undefined, body: (store: StorageEngine) => Promise<T>): Promise<T> {
  const store = await openStore({ db, mustExist: true });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

interface ListCommandOptions {
  db?: string;
  limit: number;
  offset: number;
  json?: boolean;
}

function registerProvenanceCommand(program: Command): void {
  dbOption(
    program
      .command('provenance')
      .description("an article's copies in the store, the earliest one, the outlets it names, machine-translation damage and sourcing")
      .argument('<id>', `article id, hash, or a unique hash prefix (${MIN_HASH_PREFIX}+ characters)`),
  )
    .option('--json', 'print one JSON object')
    .option('--no-color', 'plain output')
    .action((id: string, options: { db?: string; json?: boolean; color?: boolean }) =>
      withStore(options.db, async (store) => {
        const found = await store.get(id);
        const stored = found && (await store.provenanceOf(found.id));
        if (!found || !stored) throw new Error(notFoundMessage(id));
        process.stdout.write(
          options.json ? `${JSON.stringify(articleProvenanceJson(found, stored))}\n` : `${renderArticleProvenance(found, stored, { color: useColor(process.stdout, options.color) })}\n`,
        );
      }),
    );
}

function registerSources(program: Command): void {
  dbOption(program.command('sources').description('per-source profiles: share of copies, sources lifted from, boilerplate fingerprint'))
    .option('--limit <n>', 'how many', positiveInt('--limit'), 20)
    .option('--offset <n>', 'how many to skip', nonNegativeInt('--offset'), 0)
    .addOption(new Option('--sort <key>', 'copyShare: most copied first; articles: largest first; copies: most copies first').choices(SOURCE_SORTS).default('copyShare'))
    .option('--min-articles <n>', 'only sources with at least this many articles', positiveInt('--min-articles'), 1)
    .option('--json', 'one JSON object per line')
    .action((options: ListCommandOptions & { sort: (typeof SOURCE_SORTS)[number]; minArticles: number }) =>
      withStore(options.db, async (store) => {
        const { total, sources } = await store.sources({ limit: options.limit, offset: options.offset, sort: options.sort, minArticles: options.minArticles });
        if (options.json) for (const s of sources) process.stdout.write(`${JSON.stringify(s)}\n`);
        else process.stdout.write(renderSources(sources));
        process.stderr.write(pageLine('source(s)', options.offset, sources.length, total));
      }),
    );
}

function registerClusters(program: Command): void {
  dbOption(program.command('clusters').description('near-duplicate clusters (copies of one text), largest first, with their earliest member'))
    .option('--limit <n>', 'how many', positiveInt('--limit'), 20)
    .option('--offset <n>', 'how many to skip', nonNegativeInt('--offset'), 0)
    .option('--min-size <n>', 'only clusters of at least this many articles (2 or more)', atLeastTwo, 2)
    .option('--json', 'one JSON object per line')
    .action((options: ListCommandOptions & { minSize: number }) =>
      withStore(options.db, async (store) => {
        const { total, clusters } = await store.clusters({ limit: options.limit, offset: options.offset, minSize: options.minSize });
        if (options.json) for (const k of clusters) process.stdout.write(`${JSON.stringify(k)}\n`);
        else process.stdout.write(renderClusters(clusters));
        process.stderr.write(pageLine('cluster(s)', options.offset, clusters.length, total));
      }),
    );
}

/** A cluster has two members at least, so a smaller --min-size is a mistake worth naming. */
function atLeastTwo(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2) throw new Error(`--min-size must be an integer of at least 2 (a cluster has two members or more), got "${value}"`);
  return n;
}

export function registerProvenance(program: Command): void {
  registerProvenanceCommand(program);
  registerClusters(program);
  registerSources(program);
}

export { registerProvenance as register };
