/** Invented example articles for store and ingest tests: templated sentences with numbers, nothing quoted from a corpus. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEngine } from '../../src/store/sqlite-engine.js';
import { SqliteStore } from '../../src/store/sqlite.js';

const PLACES = ['Lindenvik', 'Ostrava Nova', 'Port Amsel', 'Kerrowdale', 'Tamberg', 'Villa Serena'];
const THINGS = ['bicycle lanes', 'harbour cranes', 'rye bakeries', 'tram lines', 'library hours', 'solar roofs'];

/** The text of example article number `i`: a title line, then `paragraphs` paragraphs of templated sentences. */
export function exampleArticle(i: number, paragraphs = 6): string {
  const place = PLACES[i % PLACES.length];
  const thing = THINGS[(i * 7) % THINGS.length];
  const lines = [`Example report ${i}: ${place} reviews its ${thing}`, ''];
  for (let p = 0; p < paragraphs; p++) {
    lines.push(
      `In this invented example, the council of ${place} counted ${(i * 31 + p * 17) % 997} complaints about ${thing} in week ${p + 1}. ` +
        `A spokesperson said the figure was ${p % 2 ? 'higher' : 'lower'} than in report ${i - 1}. ` +
        `Residents were asked to send ${i + p} suggestions before the next meeting on day ${(i + p) % 28 + 1}.`,
      '',
    );
  }
  return lines.join('\n');
}

/** Writes `n` example articles as article-<i>.txt files into `dir`; returns their ids. */
export function writeExampleFolder(dir: string, n: number, paragraphs = 6): string[] {
  mkdirSync(dir, { recursive: true });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `article-${String(i).padStart(5, '0')}`;
    writeFileSync(join(dir, `${id}.txt`), exampleArticle(i, paragraphs));
    ids.push(id);
  }
  return ids;
}

/** A new store in a new temporary folder (`dir`); `close` closes the store and removes the folder. */
export function tempStore(prefix: string, file = 'x.db', options?: ConstructorParameters<typeof SqliteStore>[1]) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = new SqliteStore(join(dir, file), options);
  return {
    dir,
    store,
    /** The same store behind the asynchronous engine contract. */
    engine: new SqliteEngine(store),
    close: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
