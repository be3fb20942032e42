/** A small invented subtask-3 corpus folder for the techniques tests (no corpus text). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LOADED = ['Quelle honte, ces traîtres scandaleux!', 'Un scandale honteux, une trahison révoltante!', 'Des menteurs scandaleux et honteux!'];
export const PLAIN = ['La boulangerie ouvre à neuf heures.', 'Le conseil se réunit mardi.', 'Le prix du pain a augmenté en mars.'];

/**
 * A folder with FR: 12 articles of a title and four paragraphs (lines 3 and 5 loaded, 4 and 6
 * plain), their label file, a glued template, a resource-fork file; and IT with a row pointing at an
 * empty line.
 */
export function writeTechniqueCorpus(): string {
  const data = mkdtempSync(join(tmpdir(), 'narrascope-techniques-corpus-'));
  const base = join(data, 'FR');
  mkdirSync(join(base, 'train-articles-subtask-3'), { recursive: true });
  const labels: string[] = [];
  for (let a = 0; a < 12; a++) {
    const id = `23${String(a).padStart(3, '0')}`;
    const body = [LOADED[a % 3], PLAIN[a % 3], LOADED[(a + 1) % 3], PLAIN[(a + 2) % 3]];
    writeFileSync(join(base, 'train-articles-subtask-3', `article${id}.txt`), `Titre inventé ${a}\n\n${body.join('\n')}\n`);
    labels.push(`${id}\t1\t`, `${id}\t3\tLoaded_Language`, `${id}\t4\t`, `${id}\t5\tLoaded_Language`, `${id}\t6\t`);
  }
  writeFileSync(join(base, 'train-articles-subtask-3', '._article23000.txt'), Buffer.from([0, 5, 22, 7, 0xff]));
  writeFileSync(join(base, 'train-labels-subtask-3.txt'), `${labels.join('\n')}\n`);
  // A glued template row, as in the non-English corpus: it must not be read.
  writeFileSync(join(base, 'train-labels-subtask-3.template'), '23000\t1\tTitre23000\t3\tglued\n');
  const bad = join(data, 'IT');
  mkdirSync(join(bad, 'train-articles-subtask-3'), { recursive: true });
  writeFileSync(join(bad, 'train-articles-subtask-3', 'article26001.txt'), 'Titolo\n\nUn paragrafo.\n');
  writeFileSync(join(bad, 'train-labels-subtask-3.txt'), '26001\t1\t\n26001\t2\tDoubt\n');
  return data;
}
