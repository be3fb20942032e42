import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, tempFolder } from './helpers.js';

let t: Awaited<ReturnType<typeof tempFolder>>;
beforeEach(async () => {
  t = await tempFolder();
});
afterEach(async () => {
  await t.cleanup();
});

const filler = 'This invented sentence is here only so that the reader sees enough prose to call it an article. ';

const page = `<!doctype html>
<html><head>
  <title>An invented headline for the test</title>
  <link rel="canonical" href="https://news.example.org/2024/invented-story">
  <meta property="og:url" content="https://news.example.org/og-url">
  <meta property="og:site_name" content="Example Chronicle">
  <meta property="article:published_time" content="2024-02-03T04:05:06Z">
  <style>p { color: red }</style>
</head><body>
  <nav><a href="/">Home</a> <a href="/about">About</a></nav>
  <article>
    <h1>An invented headline for the test</h1>
    <p>First paragraph. ${filler.repeat(3)}</p>
    <p>Second   paragraph with <b>bold</b> and
       a line break in the source. ${filler.repeat(2)}</p>
    <script>document.write('never in the text')</script>
    <p>Third paragraph &amp; an entity. ${filler}</p>
  </article>
  <footer>Footer links</footer>
</body></html>`;

describe('HTML', () => {
  it('extracts the main text with one paragraph per line and a blank line between, and the page metadata', async () => {
    const path = await t.write('story.html', page);
    const { articles, problems } = await collect([path]);
    expect(problems).toEqual([]);
    const a = articles[0]!;
    expect(a.title).toBe('An invented headline for the test');
    expect(a.url).toBe('https://news.example.org/2024/invented-story');
    expect(a.source).toBe('Example Chronicle');
    expect(a.publishedAt).toBe('2024-02-03T04:05:06.000Z');
    expect(a.origin).toEqual({ path, format: 'html' });
    expect(a.id).toBe(a.hash.slice(0, 16));
    const paragraphs = a.body.trim().split('\n\n');
    expect(paragraphs.filter((p) => p.startsWith('First paragraph.'))).toHaveLength(1);
    expect(paragraphs.some((p) => p.startsWith('Second paragraph with bold and a line break in the source.'))).toBe(true);
    expect(paragraphs.some((p) => p.startsWith('Third paragraph & an entity.'))).toBe(true);
    expect(a.body).not.toMatch(/never in the text|color: red|Footer links|<\w/);
    expect(paragraphs.every((p) => !p.includes('\n'))).toBe(true);
  });

  it('falls back to og:url and to <time datetime>', async () => {
    const html = page
      .replace(/<link rel="canonical"[^>]*>/, '')
      .replace(/<meta property="article:published_time"[^>]*>/, '')
      .replace('<h1>', '<time datetime="2023-11-12">12 Nov</time><h1>');
    const path = await t.write('story2.htm', html);
    const { articles } = await collect([path]);
    expect(articles[0]!.url).toBe('https://news.example.org/og-url');
    expect(articles[0]!.publishedAt).toBe('2023-11-12');
  });

  it('reads a short page that Readability would not call an article from its body', async () => {
    const path = await t.write('short.html', '<html><head><title>Tiny</title></head><body><p>One short line.</p><p>Another.</p></body></html>');
    const { articles } = await collect([path]);
    expect(articles[0]!.raw).toBe('Tiny\n\nOne short line.\n\nAnother.');
  });

  it('reports a page without text as empty', async () => {
    const path = await t.write('blank.html', '<html><head><title>Nothing</title><script>var x = 1;</script></head><body> </body></html>');
    const { problems } = await collect([path]);
    expect(problems).toMatchObject([{ path, reason: 'empty' }]);
  });
});

const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Example Wire</title>
  <link>https://wire.example.org/</link>
  <item>
    <title>Invented item &amp; one</title>
    <link>https://wire.example.org/one</link>
    <guid isPermaLink="false">wire-1</guid>
    <pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;Escaped &lt;b&gt;HTML&lt;/b&gt; paragraph.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Invented item two</title>
    <link>https://wire.example.org/two</link>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>Full text in CDATA.</p><script>alert(1)</script><p>Another paragraph.</p>]]></content:encoded>
  </item>
  <item>
    <title>No text at all</title>
  </item>
</channel>
</rss>`;

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Example Atom Log</title>
  <entry>
    <title type="html">An &lt;em&gt;invented&lt;/em&gt; entry</title>
    <link rel="self" href="https://log.example.org/self/1"/>
    <link rel="alternate" href="https://log.example.org/entry/1"/>
    <id>urn:example:entry-1</id>
    <updated>2024-04-01T12:00:00+02:00</updated>
    <content type="html">&lt;p&gt;Atom body.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Summary only</title>
    <link href="https://log.example.org/entry/2"/>
    <summary>Plain summary text.</summary>
  </entry>
</feed>`;

describe('RSS and Atom', () => {
  it('turns each RSS item into an article: text stripped of HTML, guid or link hash as id, channel title as source', async () => {
    const path = await t.write('wire.rss', rss);
    const { items } = await collect([path]);
    expect(items).toHaveLength(3);
    const [one, two, three] = items;
    expect(one).toMatchObject({
      ok: true,
      article: { id: 'wire-1', title: 'Invented item & one', raw: 'Invented item & one\n\nEscaped HTML paragraph.\n\nSecond.', url: 'https://wire.example.org/one', source: 'Example Wire', publishedAt: '2024-03-05T10:00:00.000Z', origin: { path, format: 'rss' } },
    });
    expect(two!.ok && two!.article.raw).toBe('Invented item two\n\nFull text in CDATA.\n\nAnother paragraph.');
    expect(two!.ok && two!.article.id).toMatch(/^[0-9a-f]{16}$/);
    expect(three).toMatchObject({ ok: false, problem: { path, reason: 'empty' } });
  });

  it('turns each Atom entry into an article, preferring the alternate link', async () => {
    const path = await t.write('log.atom', atom);
    const { articles, problems } = await collect([path]);
    expect(problems).toEqual([]);
    expect(articles.map((a) => [a.id, a.title, a.body, a.url, a.source, a.publishedAt, a.origin.format])).toEqual([
      ['urn:example:entry-1', 'An invented entry', '\nAtom body.', 'https://log.example.org/entry/1', 'Example Atom Log', '2024-04-01T10:00:00.000Z', 'atom'],
      [expect.stringMatching(/^[0-9a-f]{16}$/), 'Summary only', '\nPlain summary text.', 'https://log.example.org/entry/2', 'Example Atom Log', undefined, 'atom'],
    ]);
  });

  it('reads an RSS 1.0 (RDF) feed', async () => {
    const rdf = '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      '<channel rdf:about="https://rdf.example.org/"><title>RDF Example</title></channel>' +
      '<item rdf:about="https://rdf.example.org/a"><title>RDF item</title><link>https://rdf.example.org/a</link><description>RDF text.</description><dc:date>2024-06-01</dc:date></item></rdf:RDF>';
    const path = await t.write('rdf.rss', rdf);
    const { articles } = await collect([path]);
    expect(articles.map((a) => [a.id, a.raw, a.url, a.source, a.publishedAt])).toEqual([
      ['https://rdf.example.org/a', 'RDF item\n\nRDF text.', 'https://rdf.example.org/a', 'RDF Example', '2024-06-01'],
    ]);
  });

  it('sniffs a feed in an .xml file, and reports malformed XML with its line and XML that is no feed', async () => {
    const feed = await t.write('feed.xml', rss);
    const broken = await t.write('broken.xml', '<rss version="2.0">\n<channel>\n<item><title>x</title>\n</channel>\n</rss>\n');
    const other = await t.write('other.xml', '<?xml version="1.0"?>\n<catalog><book>x</book></catalog>\n');
    const { items } = await collect([feed, broken, other]);
    expect(items.filter((i) => i.ok)).toHaveLength(2);
    const problems = items.flatMap((i) => (i.ok ? [] : [i.problem]));
    expect(problems.map((p) => [p.path, p.reason])).toEqual([
      [feed, 'empty'],
      [broken, 'malformed-record'],
      [other, 'unsupported'],
    ]);
    expect(problems[1]).toMatchObject({ line: 3, message: "feed item 1 is malformed XML, skipped: Unclosed tag 'item'." });
  });
});

describe('HTML fragments to text', () => {
  it('keeps paragraphs, turns one <br> into a space and two into a paragraph break, never keeps script text', async () => {
    const { htmlFragmentToText } = await import('../../src/ingest/readers/markup-text.js');
    expect(htmlFragmentToText('<p>Soft <br>break</p>Line one<br/>\n<br>Line two<script>x()</script><pre>a\n  b</pre>')).toBe(
      'Soft break\n\nLine one\n\nLine two\n\na\n  b',
    );
    expect(htmlFragmentToText('No markup, kept as is.')).toBe('No markup, kept as is.');
  });
});

describe('RSS and Atom: one bad item does not lose the feed', () => {
  const item = (n: number, inner = `<title>Item ${n}</title><description>Invented text ${n}.</description>`) => `<item><guid>i${n}</guid>${inner}</item>`;
  const rssOf = (...items: string[]) => `<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<title>Invented Wire</title>\n${items.join('\n')}\n</channel>\n</rss>\n`;
  const outcome = (items: Awaited<ReturnType<typeof collect>>['items']) =>
    items.map((i) => (i.ok ? `${i.article.id}@${i.article.origin.line}` : `${i.problem.line}:${i.problem.reason}:${i.problem.message}`));

  it('reads the good items around an item with an unclosed tag, and names the bad one by number and line', async () => {
    const path = await t.write('unclosed.rss', rssOf(item(1), item(2, '<title>Broken</title>\n<description>never closed'), item(3)));
    const { items } = await collect([path]);
    expect(outcome(items)).toEqual([
      'i1@5',
      "7:malformed-record:feed item 2 is malformed XML, skipped: Expected closing tag 'description' (opened in line 7, col 1) instead of closing tag 'item'.",
      'i3@8',
    ]);
    expect(items.every((i) => !i.ok || i.article.source === 'Invented Wire')).toBe(true);
  });

  it('reads the good items around an item with a bare ampersand, and one whose end tag is missing', async () => {
    const path = await t.write('entity.xml', rssOf(item(1, '<title>Salt & pepper</title><description>x</description>'), '<item><guid>i2</guid><title>Open</title><description>No end tag.</description>', item(3)));
    const { items } = await collect([path]);
    expect(outcome(items)).toEqual([
      "5:malformed-record:feed item 1 is malformed XML, skipped: char '&' is not expected.",
      "6:malformed-record:feed item 2 is malformed XML, skipped: Unclosed tag 'item'.",
      'i3@7',
    ]);
  });

  it('skips and reports an item with no title and no text, and one that is empty', async () => {
    const path = await t.write('hollow.rss', rssOf(item(1), '<item><guid>i2</guid></item>', '<item/>', item(4)));
    const { items } = await collect([path]);
    expect(outcome(items)).toEqual(['i1@5', '6:empty:feed item 2 has no title and no text', '7:empty:feed item 3 is empty', 'i4@8']);
  });

  it('does not split at an "</item>" inside CDATA or a comment', async () => {
    const path = await t.write('cdata.rss', rssOf(item(1, '<title>Quoted</title><!-- </item> --><description><![CDATA[<p>Markup with </item> in it.</p>]]></description>'), item(2)));
    const { articles, problems } = await collect([path]);
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.id)).toEqual(['i1', 'i2']);
  });

  it('reads the entries of an Atom feed around a malformed one', async () => {
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><title>Invented Log</title>\n' +
      '<entry><id>e1</id><title>One</title><summary>First.</summary></entry>\n' +
      '<entry><id>e2</id><title>Two</title><summary>Second <b>bold</summary></entry>\n' +
      '<entry><id>e3</id><title>Three</title><summary>Third.</summary></entry>\n</feed>';
    const path = await t.write('log.atom', atom);
    const { items } = await collect([path]);
    expect(items.map((i) => (i.ok ? `${i.article.id}:${i.article.source}` : `${i.problem.line}:${i.problem.message.replace(/ \(.*$/, '')}`))).toEqual([
      'e1:Invented Log',
      "3:feed entry 2 is malformed XML, skipped: Expected closing tag 'b'",
      'e3:Invented Log',
    ]);
  });

  it('reports malformed XML outside the items once and still reads the items', async () => {
    const path = await t.write('channel.rss', '<rss version="2.0"><channel><title>Bad & title</title>\n' + item(1) + '\n</channel></rss>');
    const { items } = await collect([path]);
    expect(outcome(items)).toEqual(["1:malformed-record:malformed XML outside the items: char '&' is not expected.", 'i1@2']);
    expect(items[1]!.ok && items[1]!.article.source).toBeUndefined();
  });
});
