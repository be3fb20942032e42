/**
 * HTML → plain text with paragraph breaks kept: one paragraph per line, a blank line between.
 * Only `textContent` of parsed nodes is read (linkedom); nothing is rendered or executed.
 */
import { parseHTML } from 'linkedom';

/** Elements that start a new paragraph. */
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE',
  'TBODY', 'TD', 'TH', 'THEAD', 'TR', 'UL',
]);
/** Stands for a <br> until a paragraph is closed: one is a space, two in a row end a paragraph. */
const BR = '\uE000';

/** Elements whose content is never article text. */
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'HEAD']);

interface TextNodeLike {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<TextNodeLike>;
}

/** Text of a DOM subtree, paragraph per line with a blank line between, whitespace inside a paragraph collapsed. */
export function blockText(root: TextNodeLike): string {
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    for (const part of current.split(new RegExp(`${BR}\\s*${BR}`))) {
      const p = part.replaceAll(BR, ' ').replace(/\s+/g, ' ').trim();
      if (p) paragraphs.push(p);
    }
    current = '';
  };
  const walk = (node: TextNodeLike) => {
    if (node.nodeType === 3) {
      current += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    if (name === 'BR') {
      current += BR;
      return;
    }
    if (name === 'PRE') {
      flush();
      const pre = (node.textContent ?? '').replace(/^\n+|\s+$/g, '');
      if (pre.trim()) paragraphs.push(pre);
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!);
    if (block) flush();
  };
  walk(root);
  flush();
  return paragraphs.join('\n\n');
}

/** Plain text of an HTML fragment (a feed item's description or content), paragraphs kept. */
export function htmlFragmentToText(html: string): string {
  if (!/[<&]/.test(html)) return html.trim();
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return blockText(document.body as unknown as TextNodeLike);
}

/** Collapses a one-line value (a title) and strips any markup it carries. */
export function inlineText(value: string): string {
  const text = /<[a-z!/]|&[#a-z0-9]+;/i.test(value) ? htmlFragmentToText(value) : value;
  return text.replace(/\s+/g, ' ').trim();
}
