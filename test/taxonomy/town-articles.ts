/**
 * Invented short news articles about the invented town of Gullhaven, written by a seeded generator
 * (varied wording from phrase lists, never copied text): tram, harbour and bakery debates (the three
 * narratives of fixture.ts) and plain local news (no narrative), each with the labels an analyst gives.
 */
import { BAKERY, HARBOUR, HARBOUR_CREWS, TRAM, TRAM_COSTS, TRAM_EMPTY } from './fixture.js';

export type TownTopic = 'tramCosts' | 'tramEmpty' | 'harbour' | 'bakery' | 'plain';
export const TOWN_TOPICS: readonly TownTopic[] = ['tramCosts', 'tramEmpty', 'harbour', 'bakery', 'plain'];

const PEOPLE = ['Mira Tolland', 'Owen Brisk', 'Hester Vane', 'Jonas Pell', 'Ada Crowley', 'Felix Marrow', 'Ines Dray', 'Tobias Wren'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const PHRASES: Record<TownTopic, { titles: string[]; lines: string[] }> = {
  tramCosts: {
    titles: ['Tram bill keeps climbing', 'What the tram really costs', 'Council silent on tram budget', 'Secret tram invoices'],
    lines: [
      'The council will not say how much the tram line has cost so far.',
      'Residents were never shown the invoices for the tram tracks.',
      'A leaked memo puts the tram overspend at twice the promised budget.',
      'Councillors voted behind closed doors to pay the tram contractor again.',
      'Nobody at the town hall can explain where the tram money went.',
      'The tram budget was quietly doubled while rates went up for everyone.',
    ],
  },
  tramEmpty: {
    titles: ['Empty tram rattles on', 'Ghost carriages on the tram line', 'Who rides the tram?', 'Tram runs with no passengers'],
    lines: [
      'Carriages of the new tram rattle past with not a single passenger aboard.',
      'Commuters still take the bus because the tram goes nowhere useful.',
      'A count at the tram stops found three riders in a whole morning.',
      'The tram runs empty every evening while drivers wait at the depot.',
      'Shopkeepers say nobody uses the tram stop outside their doors.',
      'The tram carries more pigeons than people, a conductor joked.',
    ],
  },
  harbour: {
    titles: ['Harbour moorings sold to outsiders', 'Fishing crews lose their berths', 'Who is buying the harbour?', 'Harbour deal pushes out the boats'],
    lines: [
      'Investors from the capital bought up the harbour moorings last month.',
      'Fishing crews who worked the quay for generations have been told to leave.',
      'The harbour board sold the old net sheds to a yacht company.',
      'Local boats now pay triple mooring fees to the new harbour owners.',
      'Trawler families say the harbour sale was agreed before anyone could object.',
      'Luxury pontoons are replacing the berths of the fishing fleet.',
    ],
  },
  bakery: {
    titles: ['Bread prices rise again', 'Bakers accused of a price pact', 'The guild and the loaf', 'Why is bread so dear?'],
    lines: [
      'Every bakery in town raised the price of a loaf on the same morning.',
      'The bakers guild meets each month and prices never fall afterwards.',
      'A rye loaf now costs the same in every shop, down to the penny.',
      'Bakers agree among themselves to keep bread expensive, a customer said.',
      'No bakery will undercut the guild price, even on stale bread.',
      'The guild sets the price of rolls and pastries for the whole town.',
    ],
  },
  plain: {
    titles: ['Library opens reading garden', 'Choir wins regional prize', 'School fair raises funds', 'New bench in the park'],
    lines: [
      'The library opened a small reading garden behind the old chapel.',
      'The town choir sang three songs and won the regional prize.',
      'Pupils sold cakes and books at the school fair on the green.',
      'Volunteers painted the benches in the park a bright blue.',
      'The swimming club held its annual race in the lido.',
      'A new footpath now links the allotments to the river meadow.',
    ],
  },
};

/** The labels an analyst gives an article of a topic (subtask-2 style). */
export function labelsOf(topic: TownTopic): { narratives: string[]; subNarratives: string[] } {
  switch (topic) {
    case 'tramCosts':
      return { narratives: [TRAM], subNarratives: [TRAM_COSTS] };
    case 'tramEmpty':
      return { narratives: [TRAM], subNarratives: [TRAM_EMPTY] };
    case 'harbour':
      return { narratives: [HARBOUR], subNarratives: [HARBOUR_CREWS] };
    case 'bakery':
      return { narratives: [BAKERY], subNarratives: [] };
    case 'plain':
      return { narratives: [], subNarratives: [] };
  }
}

/** A small seeded generator (mulberry32), so the articles are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Article `i` (title on the first line): its topic cycles through TOWN_TOPICS, its wording is drawn with `seed`. */
export function townArticle(i: number, seed = 1): { topic: TownTopic; text: string } {
  const topic = TOWN_TOPICS[i % TOWN_TOPICS.length];
  const rnd = random(seed * 7919 + i);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const { titles, lines } = PHRASES[topic];
  const body = [...lines].sort(() => rnd() - 0.5).slice(0, 3);
  const who = pick(PEOPLE);
  const day = pick(DAYS);
  const text = `${pick(titles)} (${i})\n\n${body[0]} ${who} told the Gullhaven Gazette on ${day}. ${body[1]} ${body[2]}\n`;
  return { topic, text };
}
