import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, type ReadItem, type ReadWarning } from '../../src/ingest/index.js';
import { collect, tempFolder } from './helpers.js';

let t: Awaited<ReturnType<typeof tempFolder>>;
beforeEach(async () => {
  t = await tempFolder();
});
afterEach(async () => {
  await t.cleanup();
});

const warningsOf = (items: ReadItem[]): ReadWarning[] => items.flatMap((i) => (i.ok ? (i.warnings ?? []) : []));
const summary = (w: ReadWarning) => `${w.line ?? '-'}:${w.field}:${w.reason}`;

describe('dates and URLs checked by every reader: the text is kept, the bad field left out and reported', () => {
  it('JSONL: an unreadable or impossible date and a javascript: URL', async () => {
    const path = await t.write(
      'dated.jsonl',
      [
        JSON.stringify({ id: 'j1', title: 'One', text: 'Invented text one.', publishedAt: 'not a date' }),
        JSON.stringify({ id: 'j2', title: 'Two', text: 'Invented text two.', published_at: '2026-02-30', url: 'javascript:alert(1)' }),
        JSON.stringify({ id: 'j3', title: 'Three', text: 'Invented text three.', published_at: '2026-03-01T08:00:00+01:00', url: 'https://news.example/3' }),
      ].join('\n'),
    );
    const { items, articles, problems } = await collect([path]);
    expect(problems).toEqual([]);
    expect(articles.map((a) => [a.id, a.raw, a.publishedAt, a.url])).toEqual([
      ['j1', 'One\n\nInvented text one.', undefined, undefined],
      ['j2', 'Two\n\nInvented text two.', undefined, undefined],
      ['j3', 'Three\n\nInvented text three.', '2026-03-01T07:00:00.000Z', 'https://news.example/3'],
    ]);
    expect(warningsOf(items).map(summary)).toEqual(['1:publishedAt:invalid-date', '2:url:invalid-url', '2:published_at:invalid-date']);
    const [first] = warningsOf(items);
    expect(formatProblem(first!)).toBe(`${path}:1: field "publishedAt" left out: "not a date" is not a date (use ISO 8601, e.g. 2026-03-01) [invalid-date]`);
    expect(items[2]).not.toHaveProperty('warnings');
  });

  it('CSV: a month 13 date, and a URL without a scheme', async () => {
    const path = await t.write('dated.csv', 'id,title,text,url,published_at\nc1,One,Invented row.,news.example/c1,2026-13-45\nc2,Two,Another row.,http://news.example/c2,2026-03-02\n');
    const { items, articles } = await collect([path]);
    expect(articles.map((a) => [a.id, a.url, a.publishedAt])).toEqual([
      ['c1', undefined, undefined],
      ['c2', 'http://news.example/c2', '2026-03-02'],
    ]);
    expect(warningsOf(items).map(summary)).toEqual(['2:url:invalid-url', '2:published_at:invalid-date']);
    expect(warningsOf(items).every((w) => w.path === path)).toBe(true);
  });

  it('HTML: a javascript: canonical link and an impossible published_time', async () => {
    const html = `<html><head><title>Invented page</title>
      <link rel="canonical" href="javascript:alert(document.cookie)">
      <meta property="article:published_time" content="2026-02-30T10:00:00Z">
      </head><body><p>An invented paragraph that is the whole text of this page.</p></body></html>`;
    const path = await t.write('page.html', html);
    const { items, articles } = await collect([path]);
    expect(articles).toHaveLength(1);
    expect(articles[0]!.url).toBeUndefined();
    expect(articles[0]!.publishedAt).toBeUndefined();
    expect(articles[0]!.raw).toContain('An invented paragraph');
    const w = warningsOf(items);
    expect(w.map(summary)).toEqual(['-:<link rel="canonical">:invalid-url', '-:<meta property="article:published_time">:invalid-date']);
    expect(w[0]!.message).toBe('field <link rel="canonical"> left out: URL scheme "javascript:" is not allowed (http or https only)');
  });

  it('RSS: a bad pubDate and a javascript: link are named with the item number and line', async () => {
    const rss = [
      '<rss version="2.0"><channel><title>Invented Wire</title>',
      '<item><title>Fine</title><link>https://wire.example/1</link><pubDate>Sun, 01 Mar 2026 08:00:00 GMT</pubDate><description>Fine text.</description></item>',
      '<item><title>Odd</title><link>javascript:void(0)</link><pubDate>Mon, 30 Feb 2026 08:00:00 GMT</pubDate><description>Odd text.</description></item>',
      '</channel></rss>',
    ].join('\n');
    const path = await t.write('wire.rss', rss);
    const { items, articles } = await collect([path]);
    expect(articles.map((a) => [a.title, a.url, a.publishedAt, a.origin.line])).toEqual([
      ['Fine', 'https://wire.example/1', '2026-03-01T08:00:00.000Z', 2],
      ['Odd', undefined, undefined, 3],
    ]);
    const w = warningsOf(items);
    expect(w.map(summary)).toEqual(['3:link:invalid-url', '3:pubDate:invalid-date']);
    expect(w[1]!.message).toMatch(/^feed item 2: field "pubDate" left out: .* is not a calendar date$/);
  });
});
