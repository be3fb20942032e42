/**
 * Out-of-domain negatives for the domain model (topic.ts): news articles from other corpora that are
 * about neither the war in Ukraine nor climate change, found by a keyword screen
 * (out-of-domain.json, documented in docs/narratives.md). Read at training time; no text is stored.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import screen from './out-of-domain.json' with { type: 'json' };

export interface OutOfDomainDoc {
  id: string;
  text: string;
}

/** Counts of a screening run: unique articles read, dropped by the screen, kept. */
export interface ScreenCounts {
  read: number;
  dropped: number;
  kept: number;
}

/** Patterns that must start a word (no letter or digit before them); Unicode-aware for Cyrillic. */
const wordStart = (patterns: readonly string[], flags = '') => new RegExp(`(?<![\\p{L}\\p{N}])(?:${patterns.join('|')})`, `iu${flags}`);
const STRONG = wordStart([...screen.war, ...screen.climate]);
const WEAK = wordStart(screen.weak, 'g');
const ANY = wordStart([...screen.war, ...screen.climate, ...screen.weak]);

/**
 * True when a text names any term of either topic, a passing mention of Russia included (the domain
 * decision, topic.ts: an article naming none of them is about neither). English and Russian terms.
 */
export function namesTopicTerm(text: string): boolean {
  return ANY.test(text);
}

/** True when a text is (or may be) about the war in Ukraine or climate change under the screen's rule. */
export function mentionsDomain(text: string): boolean {
  if (STRONG.test(text)) return true;
  return (text.match(WEAK) ?? []).length > screen.maxWeakMentions;
}

/**
 * Folders of out-of-domain articles for a SemEval-2025 Task 10 language, given the folder that holds
 * the corpora (by default the parent of the SemEval-2025 folder): SemEval-2023 Task 3 articles of the
 * same language (EN, RU; every subtask's train and test folder) and, for English, the PTC corpus
 * (SemEval-2020 Task 11). BG, HI and PT have none in these corpora.
 */
export function outOfDomainFolders(lang: string, corporaDir: string): string[] {
  const code = lang.toUpperCase();
  if (code !== 'EN' && code !== 'RU') return [];
  const dirs: string[] = [];
  for (const split of ['train', 'test']) for (const task of [1, 2, 3]) dirs.push(join(corporaDir, 'semeval2023-t3', code, `${split}-articles-subtask-${task}`));
  if (code === 'EN') dirs.push(join(corporaDir, 'ptc-semeval2020-t11', 'train-articles'), join(corporaDir, 'ptc-semeval2020-t11', 'test-articles'));
  return dirs.filter((d) => existsSync(d));
}

/**
 * The screened out-of-domain articles of a language, in a stable order (folder, then file name).
 * The same article appears in several folders (the SemEval-2023 subtasks, PTC): it is read once,
 * by its whitespace-normalised text. Empty files and macOS "._" resource files are skipped.
 */
export function loadOutOfDomainDocs(lang: string, corporaDir: string): { docs: OutOfDomainDoc[]; counts: ScreenCounts } {
  const seen = new Set<string>();
  const docs: OutOfDomainDoc[] = [];
  let dropped = 0;
  for (const dir of outOfDomainFolders(lang, corporaDir)) {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt') && !f.startsWith('._')).sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      const key = text.replace(/\s+/g, ' ').trim();
      if (key.split(' ').length < 20 || seen.has(key)) continue;
      seen.add(key);
      if (mentionsDomain(text)) dropped++;
      else docs.push({ id: `${dir.split(/[\\/]/).slice(-2).join('/')}/${name}`, text });
    }
  }
  return { docs, counts: { read: seen.size, dropped, kept: docs.length } };
}

/** Default folder of the out-of-domain corpora: beside the SemEval-2025 Task 10 folder. */
export function defaultCorporaDir(semeval2025Dir: string): string {
  return dirname(semeval2025Dir);
}
