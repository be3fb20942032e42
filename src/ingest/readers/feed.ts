/** RSS 2.0 / RSS 1.0 (RDF) / Atom reader: each item or entry becomes an article. Parsed with fast-xml-parser. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { contentHash, createArticle, joinTitleAndText, type Article } from '../../doc/article.js';
import type { ReadItem } from '../types.js';
import { problem } from '../problem.js';
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

/** The first field of `node` (in the order given) with non-blank text. */
function firstText(node: Node, fields: readonly string[]): string {
  for (const f of fields) {
    const t = textOf(node[f]).trim();
    if (t) return t;
  }
  return '';
}

/**
 * Yields the articles of an RSS or Atom document, one per item/entry, with the channel/feed title as
 * source. A malformed document is one problem with its line; an item without text is one problem.
 */
export function* readFeed(xml: string, path: string): Generator<ReadItem> {
  const body = xml.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    yield problem(path, 'malformed-record', `malformed XML: ${valid.err.msg}`, valid.err.line);
    return;
  }
  const doc = parser.parse(body) as Node;
  let format: 'rss' | 'atom';
  let channel: Node;
  let items: Node[];
  if (doc.rss && typeof doc.rss === 'object') {
    format = 'rss';
    channel = ((doc.rss as Node).channel ?? {}) as Node;
    items = (channel.item ?? []) as Node[];
  } else if (doc['rdf:RDF'] && typeof doc['rdf:RDF'] === 'object') {
    format = 'rss';
    const rdf = doc['rdf:RDF'] as Node;
    channel = (rdf.channel ?? {}) as Node;
    items = (rdf.item ?? []) as Node[];
  } else if (doc.feed && typeof doc.feed === 'object') {
    format = 'atom';
    channel = doc.feed as Node;
    items = (channel.entry ?? []) as Node[];
  } else {
    yield problem(path, 'unsupported', 'XML document is not an RSS or Atom feed');
    return;
  }
  if (Array.isArray(channel)) channel = (channel[0] ?? {}) as Node;
  const source = inlineText(textOf(channel.title)) || undefined;
  if (items.length === 0) {
    yield problem(path, 'empty', `${format === 'atom' ? 'Atom' : 'RSS'} feed has no ${format === 'atom' ? 'entries' : 'items'}`);
    return;
  }
  for (const [i, item] of items.entries()) {
    const n = i + 1;
    if (typeof item !== 'object' || item === null) {
      yield problem(path, 'malformed-record', `feed item ${n} is empty`);
      continue;
    }
    const title = inlineText(textOf(item.title));
    const html = firstText(item, ['content:encoded', 'content', 'description', 'summary']);
    const text = htmlFragmentToText(html);
    if (!text.trim()) {
      yield problem(path, 'empty', `feed item ${n}${title ? ` ("${title.slice(0, 60)}")` : ''} has no text`);
      continue;
    }
    const url = linkOf(item.link);
    const guid = firstText(item, ['guid', 'id']) || textOf((item as Node)['@_rdf:about']).trim();
    const id = guid || (url ? contentHash(url).slice(0, 16) : undefined);
    const published = firstText(item, ['pubDate', 'published', 'updated', 'dc:date']);
    const origin: Article['origin'] = { path, format };
    const article = createArticle({
      raw: joinTitleAndText(title, text),
      origin,
      ...(id ? { id } : {}),
      ...(url ? { url } : {}),
      ...(source ? { source } : {}),
      ...(published ? { publishedAt: toIsoDate(published) } : {}),
    });
    yield { ok: true, article };
  }
}

/** RFC 822 (RSS) and RFC 3339 (Atom) dates as ISO 8601; a date that does not parse is kept as written. */
function toIsoDate(value: string): string {
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString();
}
