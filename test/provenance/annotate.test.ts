/** The provenance task in the pipeline: its section joins cleaning's outlets, spans point into the raw text, and short or unlisted texts get a note instead of a crash. */
import { describe, expect, it } from 'vitest';
import { createArticle } from '../../src/doc/article.js';
import { analyzeArticle } from '../../src/pipeline.js';
import { ProvenanceAnnotator } from '../../src/tasks/provenance/annotate.js';
import { TASKS } from '../../src/tasks/registry.js';
import { AnalysisSchema } from '../../src/schema.js';

const task = new ProvenanceAnnotator({ entities: [{ name: 'Invented Kovalenko', kind: 'person', aliases: ['Kovalenko'] }] });
const analyse = (raw: string, language?: string, annotators = [task]) => analyzeArticle(createArticle({ raw, id: 'p-1', origin: { format: 'text' } }), { annotators, language });

const STORY = [
  'Ferry line reopens after storm',
  '',
  'The following article, Ferry line reopens after storm, was first published on Sample Coast Courier.',
  '',
  'The ferry to Khersoni will run again from Monday, the port authority said. According to sources, the storm damaged two piers near Bahmuth.',
  'In the nearest future a second boat will join the line, Kovalenko said, and experts believe the timetable will hold.',
].join('\n');

describe('ProvenanceAnnotator in the pipeline', () => {
  it('adds damage and sourcing to the outlets cleaning found', () => {
    const a = analyse(STORY, 'en');
    expect(a.provenance.attributedTo.map((x) => x.outlet)).toEqual(['Sample Coast Courier']);
    expect(a.provenance.damage!.map((d) => [d.kind, d.text, d.expected])).toEqual([
      ['entity-near-miss', 'Khersoni', 'Kherson'],
      ['entity-near-miss', 'Bahmuth', 'Bakhmut'],
      ['calque', 'In the nearest future', 'in the near future'],
    ]);
    expect(a.provenance.sourcing!.summary).toBe('2 of 4 attributions are anonymous, 2 named');
    expect(a.provenance.note).toBeUndefined();
    expect(a.models.find((m) => m.task === 'provenance')?.version).toMatch(/^rules-1#[0-9a-f]{12}$/);
    // The version follows the lists: another entity list is another version.
    expect(new ProvenanceAnnotator().version()).not.toBe(task.version());
    expect(AnalysisSchema.safeParse(a).success).toBe(true);
  });

  it('reports spans as offsets into the raw text, boilerplate and CRLF included', () => {
    const raw = `Ad: buy now!\r\n${STORY.replace(/\n/g, '\r\n')}`;
    const a = analyse(raw, 'en');
    for (const d of a.provenance.damage!) expect(raw.slice(d.start, d.end)).toBe(d.text);
    for (const s of a.provenance.sourcing!.spans) expect(raw.slice(s.start, s.end)).toBe(s.text);
    expect(a.provenance.damage!.length).toBe(3);
  });

  it('says so in a note when the text is too short', () => {
    const a = analyse('Sources say Bahmuth\n\nShort.', 'en');
    expect(a.provenance.damage).toBeUndefined();
    expect(a.provenance.note).toMatch(/too short/);
    expect(a.provenance.attributedTo).toEqual([]);
  });

  it('says so in a note for a language without lists, and never throws', () => {
    const a = analyse('शीर्षक\n\nयह एक छोटा सा आविष्कृत लेख है जिसमें कई शब्द हैं ताकि पाठ बहुत छोटा न हो और जांच चल सके।', 'hi');
    expect(a.provenance.damage).toBeUndefined();
    expect(a.provenance.note).toMatch(/not run for language "hi"/);
    expect(a.notes.some((n) => n.startsWith('Provenance:'))).toBe(true);
  });

  it('is registered, so a default analysis has the section', () => {
    expect(TASKS.map((t) => t.id)).toContain('provenance');
    const a = analyse(STORY, 'en', TASKS.filter((t) => t.id === 'provenance'));
    expect(a.provenance.damage!.some((d) => d.expected === 'Kherson')).toBe(true);
  });

  it('reads a 200 KB single line to the end, every span inside the text', () => {
    const raw = `Long line\n${'The ministry said the ferry to Khersoni, according to Sources Close To The Harbour, is late. '.repeat(2200)}`;
    const a = analyse(raw, 'en');
    expect(a.provenance.damage).toHaveLength(2200);
    expect(a.provenance.sourcing!.spans).toHaveLength(4400);
    for (const s of a.provenance.sourcing!.spans.slice(-3)) expect(raw.slice(s.start, s.end)).toBe(s.text);
  });

  it('measures near-misses against extra names for the language', () => {
    const withCorpus = new ProvenanceAnnotator({ extraNames: (lang) => (lang === 'en' ? ['Invented Tarnowicz'] : []) });
    const text = 'Harbour news\n\nThe new harbour master, Tarnowitz, said the quay at the old fish market will open in spring this year.';
    expect(analyse(text, 'en', [withCorpus]).provenance.damage!.map((d) => d.expected)).toEqual(['Tarnowicz']);
    expect(analyse(text, 'en', [new ProvenanceAnnotator()]).provenance.damage).toEqual([]);
  });

  it('runs on each language part of a mixed text and keeps the outlets', () => {
    const russian = [
      'Как сообщается, паром в Херсонее снова ходит по расписанию, а причалы отремонтированы после шторма.',
      'Городские власти заявили, что в ближайшее время на линию выйдет второе судно, и жители довольны этим решением.',
      'Рыбаки говорят, что весной улов был хорошим, а цены на рынке почти не изменились за последние месяцы.',
    ].join(' ');
    const a = analyse(`${STORY}\n\n${russian}`);
    expect(a.language.mixed).toBe(true);
    expect(a.provenance.attributedTo.map((x) => x.outlet)).toEqual(['Sample Coast Courier']);
    expect(a.provenance.damage!.map((d) => d.expected)).toEqual(['Kherson', 'Bakhmut', 'in the near future', 'Херсон']);
    expect(a.provenance.sourcing!.spans.some((s) => s.cue === 'как сообщается')).toBe(true);
  });

  it('merges the parts of a mixed-language text, keeping the outlets', () => {
    const parts = [
      { code: 'en', share: 0.6, section: { attributedTo: [], damage: [{ start: 5, end: 9, text: 'abcd', kind: 'calque' as const, reason: 'r', confidence: 0.6 }], sourcing: { spans: [], anonymous: 0, named: 0, anonymousShare: 0, summary: 'no attributions found' } } },
      { code: 'hi', share: 0.4, section: { attributedTo: [], note: 'Damage and sourcing not looked for: x.' } },
    ];
    const merged = task.mergeParts(parts);
    expect(merged).toMatchObject({ attributedTo: [], note: 'Damage and sourcing not looked for: x.' });
    expect(merged.damage).toHaveLength(1);
    expect(merged.sourcing!.summary).toBe('no attributions found');
  });
});
