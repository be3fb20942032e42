/** `narrascope reanalyze`: refresh stored analyses after the models change, one current analysis per article. */
import type { Command } from 'commander';
import { createArticle } from '../doc/article.js';
import { analyzeArticle } from '../pipeline.js';
import { modelVersionOf } from '../store/labels.js';
import { openStore } from '../store/open.js';
import { dbOption } from './store-options.js';

interface ReanalyzeOptions {
  db?: string;
  force?: boolean;
}

export function registerReanalyze(program: Command): void {
  dbOption(program.command('reanalyze').description('re-run the pipeline on stored articles whose analysis came from other models'))
    .option('--force', 'replace every analysis, even when the model versions are unchanged')
    .action((options: ReanalyzeOptions) => {
      const store = openStore({ db: options.db, mustExist: true });
      try {
        const page = 500;
        let seen = 0;
        let updated = 0;
        // Collect ids first: replacing analyses while paging must not shift the pages.
        const ids: string[] = [];
        for (let offset = 0; ; offset += page) {
          const rows = store.list({ limit: page, offset });
          for (const r of rows) ids.push(r.id);
          if (rows.length < page) break;
        }
        for (const id of ids) {
          const stored = store.get(id);
          if (!stored) continue;
          seen++;
          const article = createArticle({
            raw: stored.raw,
            id: stored.id,
            url: stored.url,
            source: stored.source,
            publishedAt: stored.publishedAt,
            origin: stored.origin,
          });
          const analysis = analyzeArticle(article);
          if (options.force || modelVersionOf(analysis) !== stored.modelVersion) {
            store.putAnalysis(stored.id, analysis);
            updated++;
          }
        }
        process.stderr.write(`${seen} articles checked, ${updated} analyses refreshed\n`);
      } finally {
        store.close();
      }
    });
}
