/**
 * The camp an entity belongs to (Russia side, Ukraine side, the West, the climate movement and its
 * institutions, fossil industry and sceptics, media, China), from the project's word lists in
 * data/entity-sides.json. An article's narratives cast each camp in a role ("Praise of Russia"
 * makes Russia's side the heroes and its opponents the villains), so camp × narrative features carry
 * the stance that bag-of-context features miss (see stance.ts).
 */
import lexicon from './data/entity-sides.json' with { type: 'json' };

export const SIDES = Object.keys(lexicon.sides) as readonly string[];

interface Entry {
  side: number;
  /** Word sequence to find after a space, ending with a space when whole words are required. */
  needle: string;
}

const entries: Entry[] = [];
SIDES.forEach((side, s) => {
  for (const raw of (lexicon.sides as Record<string, string[]>)[side]) {
    const whole = raw.endsWith('$');
    const words = normaliseName(whole ? raw.slice(0, -1) : raw);
    if (words) entries.push({ side: s, needle: ` ${words}${whole ? ' ' : ''}` });
  }
});

/** Lower-cased words of a name, dots dropped ("U.S." → "us"), joined by single spaces. */
function normaliseName(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/\./g, '')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
}

const cache = new Map<string, number[]>();

/** Camp ids (indices into SIDES) of an entity name; empty when it belongs to none. */
export function entitySides(name: string): readonly number[] {
  let out = cache.get(name);
  if (out) return out;
  const hay = ` ${normaliseName(name)} `;
  out = [];
  for (const e of entries) if (!out.includes(e.side) && hay.includes(e.needle)) out.push(e.side);
  if (cache.size > 50000) cache.clear();
  cache.set(name, out);
  return out;
}
