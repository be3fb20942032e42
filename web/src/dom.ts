/**
 * Building DOM nodes. Strings always become text nodes, and attributes are set one by one (event
 * handler attributes refused), so article text can never be read as HTML. Nothing in the dashboard
 * uses innerHTML.
 */
import { parseArticleUrl } from '../../src/doc/metadata.js';

export type Child = Node | string | number | null | undefined | false | Child[];

export interface Props {
  class?: string;
  attrs?: Record<string, string | undefined>;
  data?: Record<string, string>;
  title?: string;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.title) el.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined) continue;
    if (/^on/i.test(name)) throw new Error(`event handler attribute ${name} is not allowed`);
    el.setAttribute(name, value);
  }
  for (const [name, value] of Object.entries(props.data ?? {})) el.dataset[name] = value;
  for (const [type, handler] of Object.entries(props.on ?? {})) el.addEventListener(type, handler as EventListener);
  append(el, ...children);
  return el;
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/**
 * A link only for an http(s) URL (the same check every reader and the API use); anything else, such
 * as a javascript: URL an older database may hold, is plain text.
 */
export function safeLink(url: string | undefined, text: string): HTMLElement {
  if (url && parseArticleUrl(url).ok) return h('a', { attrs: { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' } }, text);
  return h('span', { class: 'not-a-link', title: 'Not an http(s) URL, so not a link' }, text);
}

export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

export const percent = (x: number) => `${Math.round(x * 100)}%`;

/** A message box for a failed request or an empty result. */
export function notice(text: string, kind: 'error' | 'info' = 'info'): HTMLElement {
  return h('p', { class: `notice ${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } }, text);
}
