/**
 * RSS 2.0 / RSS 1.0 (RDF) / Atom reader: each item or entry becomes an article. Each item is parsed on
 * its own with fast-xml-parser, so one malformed item is reported and the others are still read.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { contentHash, createArticle, joinTitleAndText, type Article } from '../../doc/article.js';
import type { ReadItem } from '../types.js';
import { articleItem, checkMetadata, type FoundValue } from '../metadata.js';
import { problem } from '../problem.js';
import { feedRoot } from '../sniff.js';
import { htmlFragmentToText, inlineText } from './markup-text.js';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => ['item', 'entry', 'link', 'category'].includes(name),
});

/** The text of an element that may carry attributes (`{ '#text': …, '@_type': … }`), or of nested XHTML. */
function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(textOf).join(' ');
  if (typeof value === 'object') {
    const node = value as Node;
    if ('#text' in node && Object.keys(node).every((k) => k === '#text' || k.startsWith('@_'))) return textOf(node['#text']);
    // Atom type="xhtml": the markup arrives parsed into nested objects; gather its text, block by block.
    return Object.entries(node)
      .filter(([k]) => !k.startsWith('@_'))
      .map(([, v]) => textOf(v))
      .filter((t) => t.trim() !== '')
      .join('\n\n');
  }
  return '';
}

/** Atom's link: the `alternate` one (or the first) `href`; RSS's link is its text. */
function linkOf(links: unknown): string | undefined {
  if (!Array.isArray(links) || links.length === 0) return undefined;
  const nodes = links as unknown[];
  const withHref = nodes.filter((l): l is Node => typeof l === 'object' && l !== null && '@_href' in l);
  if (withHref.length > 0) {
    const best = withHref.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate') ?? withHref[0]!;
    return String(best['@_href']).trim() || undefined;
  }
  return textOf(nodes[0]).trim() || undefined;
}

/** The first field of `node` (in the order given) with non-blank text, and its name. */
function firstField(node: Node, fields: readonly string[]): FoundValue | undefined {
  for (const field of fields) {
    const value = textOf(node[field]).trim();
    if (value) return { value, field };
  }
  return undefined;
}

/** The first field of `node` (in the order given) with non-blank text. */
function firstText(node: Node, fields: readonly string[]): string {
  return firstField(node, fields)?.value ?? '';
}

/** One `<item>` or `<entry>` element as it stands in the document, with the line it starts on. */
interface ItemSource {
  xml: string;
  start: number;
  end: number;
  line: number;
}

/** A function giving the 1-based line of an offset, for offsets asked in increasing order. */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (let i = text.indexOf('\n', at); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    at = Math.max(at, offset);
    return line;
  };
}

/**
 * The `<item>` (or `<entry>`) elements of a feed as slices of its text, in order. Hand-written because
 * fast-xml-parser stops at a document's first error and has no recovery mode: cutting the document at
 * item boundaries (CDATA sections and comments passed over) lets each item be checked and parsed on its
 * own. An item left open ends where the next one, or the channel or feed, closes or begins.
 */
function splitItems(xml: string, tag: 'item' | 'entry'): ItemSource[] {
  const boundary = new RegExp(`<!\\[CDATA\\[[\\s\\S]*?\\]\\]>|<!--[\\s\\S]*?-->|<(/?)${tag}(?=[\\s/>])[^>]*>|</(?:channel|rdf:RDF|feed|rss)\\s*>`, 'g');
  const lineAt = lineCounter(xml);
  const items: ItemSource[] = [];
  let open: { start: number; line: number } | null = null;
  const close = (end: number) => {
    items.push({ xml: xml.slice(open!.start, end), start: open!.start, end, line: open!.line });
    open = null;
  };
  for (const m of xml.matchAll(boundary)) {
    const token = m[0];
    if (token.startsWith('<![CDATA[') || token.startsWith('<!--')) continue;
    if (m[1] === undefined) {
      if (open) close(m.index); // the channel or feed closes: an item still open ends here
    } else if (m[1] === '/') {
      if (open) close(m.index + token.length); // else a stray end tag: it stays in the skeleton, whose check reports it
    } else {
      if (open) close(m.index); // an item never closed ends where the next begins
      open = { start: m.index, line: lineAt(m.index) };
      if (token.endsWith('/>')) close(m.index + token.length);
    }
  }
  if (open) close(xml.length);
  return items;
}

/** The document with its items blanked out (line breaks kept, so line numbers stay true): channel and feed metadata only. */
function skeletonOf(xml: string, items: readonly ItemSource[]): string {
  let out = '';
  let at = 0;
  for (const item of items) {
    out += xml.slice(at, item.start) + '\n'.repeat(item.xml.split('\n').length - 1);
    at = item.end;
  }
  return out + xml.slice(at);
}

/** A validator message with the lines it names moved by `offset` (they count from the item's first line). */
function shiftLines(message: string, offset: number): string {
  return message.replace(/\bline (\d+)/g, (_, n: string) => `line ${Number(n) + offset}`);
}

/** The channel's (or feed's) title, or a problem when the XML outside the items is malformed. */
function channelSource(skeleton: string, root: 'rss' | 'rdf:RDF' | 'feed', path: string): { source?: string; problem?: ReadItem } {
  const valid = XMLValidator.validate(skeleton);
  if (valid !== true) {
    return { problem: problem(path, 'malformed-record', `malformed XML outside the ${root === 'feed' ? 'entries' : 'items'}: ${valid.err.msg}`, valid.err.line) };
  }
  const doc = parser.parse(skeleton) as Node;
  const top = doc[root];
  let channel: unknown = root === 'feed' ? top : typeof top === 'object' && top !== null ? (top as Node).channel : undefined;
  if (Array.isArray(channel)) channel = channel[0];
  const source = typeof channel === 'object' && channel !== null ? inlineText(textOf((channel as Node).title)) : '';
  return source ? { source } : {};
}

interface FeedContext {
  path: string;
  format: 'rss' | 'atom';
  tag: 'item' | 'entry';
  source?: string;
}

/** One item or entry, checked and parsed on its own: an article, or a problem naming it by number and line. */
function readItem(item: ItemSource, n: number, ctx: FeedContext): ReadItem {
  const { path, format, tag } = ctx;
  const name = `feed ${tag} ${n}`;
  const valid = XMLValidator.validate(item.xml);
  if (valid !== true) {
    return problem(path, 'malformed-record', `${name} is malformed XML, skipped: ${shiftLines(valid.err.msg, item.line - 1)}`, item.line + valid.err.line - 1);
  }
  const node = ((parser.parse(item.xml) as Node)[tag] as unknown[] | undefined)?.[0];
  if (typeof node !== 'object' || node === null) return problem(path, 'empty', `${name} is empty`, item.line);
  const fields = node as Node;
  const title = inlineText(textOf(fields.title));
  const text = htmlFragmentToText(firstText(fields, ['content:encoded', 'content', 'description', 'summary']));
  if (!text.trim()) {
    const what = title ? `("${title.slice(0, 60)}") has no text` : 'has no title and no text';
    return problem(path, 'empty', `${name} ${what}`, item.line);
  }
  const link = linkOf(fields.link);
  const published = firstField(fields, ['pubDate', 'published', 'updated', 'dc:date']);
  const checked = checkMetadata(
    { ...(link ? { url: { value: link, field: 'link' } } : {}), ...(published ? { publishedAt: published } : {}) },
    { path, line: item.line, label: `${name}: ` },
  );
  const guid = firstText(fields, ['guid', 'id']) || textOf(fields['@_rdf:about']).trim();
  const id = guid || (checked.url ? contentHash(checked.url).slice(0, 16) : undefined);
  const origin: Article['origin'] = { path, line: item.line, format };
  const article = createArticle({
    raw: joinTitleAndText(title, text),
    origin,
    ...(id ? { id } : {}),
    ...(checked.url ? { url: checked.url } : {}),
    ...(ctx.source ? { source: ctx.source } : {}),
    ...(checked.publishedAt ? { publishedAt: checked.publishedAt } : {}),
  });
  return articleItem(article, checked.warnings);
}

/**
 * Yields the articles of an RSS or Atom document, one per item/entry, with the channel/feed title as
 * source. A malformed item, or one without text, is one problem naming its number and line, and the
 * other items are still read; malformed XML outside the items is one more problem. A document that is
 * no feed is one problem.
 */
export function* readFeed(xml: string, path: string): Generator<ReadItem> {
  const body = xml.replace(/^\uFEFF/, '');
  const root = feedRoot(body);
  if (root === null) {
    const valid = XMLValidator.validate(body);
    yield valid !== true
      ? problem(path, 'malformed-record', `malformed XML: ${valid.err.msg}`, valid.err.line)
      : problem(path, 'unsupported', 'XML document is not an RSS or Atom feed');
    return;
  }
  const format = root === 'feed' ? 'atom' : 'rss';
  const tag = root === 'feed' ? 'entry' : 'item';
  const items = splitItems(body, tag);
  const channel = channelSource(skeletonOf(body, items), root, path);
  if (channel.problem) yield channel.problem;
  if (items.length === 0) {
    if (!channel.problem) yield problem(path, 'empty', `${format === 'atom' ? 'Atom' : 'RSS'} feed has no ${format === 'atom' ? 'entries' : 'items'}`);
    return;
  }
  const ctx: FeedContext = { path, format, tag, ...(channel.source ? { source: channel.source } : {}) };
  for (const [i, item] of items.entries()) yield readItem(item, i + 1, ctx);
}
