/** What the corrections browser tests do: find a label row, set the token, select a phrase of the article text as a reader would, run the built CLI. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';

const CLI = resolve('dist/cli/main.js');

/**
 * Runs the built CLI without blocking this process, whose event loop also serves the dashboard under test (a
 * synchronous spawn would stall the server and let its keep-alive sockets go stale).
 */
export function runCli(...args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stderr }));
  });
}

/** The corrections panel's row of a label (of an entity, for roles). */
export function row(page: Page, task: string, label: string, entity?: string): Locator {
  const attr = (name: string, value: string) => `[data-${name}=${JSON.stringify(value)}]`;
  return page.getByTestId('corrections').locator(`.label-row${attr('task', task)}${attr('label', label)}${entity !== undefined ? attr('entity', entity) : ''}`);
}

/**
 * Types a token into the header's field and commits it, as leaving the field does; the page then reads its view
 * again with the token, which this waits for (the view's old nodes replaced by a rendered one, not "Loading…").
 */
export async function setToken(page: Page, secret: string): Promise<void> {
  await page.evaluate(() => ((document.getElementById('app')!.firstElementChild as HTMLElement & { stale?: boolean }).stale = true));
  const input = page.getByTestId('token-input');
  await input.fill(secret);
  await input.dispatchEvent('change');
  await page.waitForFunction(() => {
    const shown = document.getElementById('app')!.firstElementChild as (HTMLElement & { stale?: boolean }) | null;
    return shown !== null && !shown.stale && shown.textContent !== 'Loading…';
  }, undefined, { polling: 100, timeout: 15_000 });
}

/**
 * Selects the first occurrence of `phrase` in the article text (across the highlight's segments) and releases the
 * mouse there, which is when the view reads a selection.
 */
export async function markText(page: Page, phrase: string): Promise<void> {
  const found = await page.getByTestId('article-text').evaluate((root, wanted) => {
    const at = (root.textContent ?? '').indexOf(wanted);
    if (at < 0) return false;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let offset = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent?.length ?? 0;
      if (at >= offset && at <= offset + length) range.setStart(node, at - offset);
      if (at + wanted.length >= offset && at + wanted.length <= offset + length) {
        range.setEnd(node, at + wanted.length - offset);
        break;
      }
      offset += length;
    }
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    return true;
  }, phrase);
  if (!found) throw new Error(`"${phrase}" is not in the article text`);
}
