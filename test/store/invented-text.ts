/** Invented article texts for the provenance tests: sentences drawn from small word pools with a seeded generator, so two stories share no 5-word run by accident. */
import { seededRandom } from '../../src/learn/random.js';

const SUBJECTS = ['The harbour board', 'A council clerk', 'The tram company', 'Several bakers', 'The museum guild', 'A river warden', 'The library trust', 'Two ferry pilots'];
const VERBS = ['counted', 'repainted', 'questioned', 'delayed', 'measured', 'welcomed', 'moved', 'rebuilt', 'catalogued', 'announced'];
const OBJECTS = ['the copper bells', 'nine wooden piers', 'a row of lanterns', 'the spring timetable', 'three orchard gates', 'the old weather vane', 'forty market stalls', 'a blue signal box'];
const PLACES = ['in Lindenvik', 'near Port Amsel', 'outside Tamberg', 'along the Kerrow canal', 'behind Ostrava Nova station', 'at Villa Serena'];
const TIMES = ['on a quiet Tuesday', 'before the autumn fair', 'after the long frost', 'during the night shift', 'in the first week of May', 'at dawn'];

/** Invented story number `seed`: `sentences` sentences in paragraphs of three. */
export function inventedStory(seed: number, sentences = 12): string {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) {
    out.push(`${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(PLACES)} ${pick(TIMES)}, and ${Math.floor(rand() * 900 + 100)} residents ${pick(VERBS)} ${pick(OBJECTS)}.`);
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < out.length; i += 3) paragraphs.push(out.slice(i, i + 3).join(' '));
  return paragraphs.join('\n\n');
}
