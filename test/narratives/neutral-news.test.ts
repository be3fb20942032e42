import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { narrativesAnnotator } from '../../src/tasks/narratives/annotate.js';

// Invented articles, run through the shipped English model: local news on neither topic gets the
// domain "none"; articles on the war or on climate keep theirs.
const analyse = (raw: string) => analyzeArticle(createArticle({ raw, origin: { format: 'text' } }), { annotators: [narrativesAnnotator], language: 'en' }).narratives!;

describe('domain of invented neutral news (shipped EN model)', () => {
  it.each([
    ['a library', 'Town library extends its weekend opening hours\n\nThe town library will open on Sunday afternoons from next month, the council said on Monday. Staff will run a reading club for children and a help desk for residents who want to learn to use the new catalogue. The library was renovated last year and now has a larger study room.'],
    ['a harbour wall', 'Work on the harbour wall to start in spring\n\nContractors will begin repairing the old harbour wall in April, the port authority said. The work is expected to take six months and will close one of the three berths. Fishermen said they were glad that the repairs had finally been scheduled.'],
    ['football', 'Late goal sends United into the county cup final\n\nA header in the last minute gave United a 2–1 win over their neighbours on Saturday and a place in the county cup final. The manager praised his young defenders, and the club said tickets for the final would go on sale next week.'],
  ])('gives %s the domain "none", with no narrative', (_, raw) => {
    const n = analyse(raw);
    expect(n.status).toBe('ok');
    expect(n.narratives).toEqual([]);
    expect(n.domain?.label).toBe('none');
    expect(n.domain!.score).toBeGreaterThan(0);
  });

  it('keeps the domain of invented articles on the war and on climate', () => {
    const war = analyse('Shelling near Kharkiv damages a school\n\nRussian shelling damaged a school on the outskirts of Kharkiv overnight, Ukrainian officials said. No one was hurt. The war has forced thousands of families in the region to leave their homes.');
    expect(war.domain?.label).toBe('URW');
    const climate = analyse('Glaciers retreat faster than expected\n\nAlpine glaciers lost more ice this summer than in any year on record, researchers said, blaming climate change and a long heatwave. They called for faster cuts in carbon emissions.');
    expect(climate.domain?.label).toBe('CC');
  });

  it("gives the team's invented neutral examples \"none\" (demo feed: library, football, seabirds, buses, half-marathon; the harbour report)", () => {
    const feed = readFileSync('examples/demo-feed.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; title: string; text: string });
    for (const id of ['demo-01', 'demo-07', 'demo-12', 'demo-15', 'demo-23']) {
      const a = feed.find((x) => x.id === id)!;
      expect(analyse(`${a.title}\n\n${a.text}`).domain?.label, id).toBe('none');
    }
    expect(analyse(readFileSync('examples/articles/example-03-harbour-report.txt', 'utf8')).domain?.label).toBe('none');
  });
});
