/** The e2e projects' globalSetup rebuilds dist/ exactly when it is missing, older than a source, or left by a failed build. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReason } from '../e2e/build-current.js';

let root: string;

/** Writes `file` under the temporary root with its modification time `secondsAgo` in the past. */
function put(file: string, secondsAgo: number): void {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '// invented\n');
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, when, when);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'narrascope-build-current-'));
  put('src/cli/main.ts', 100);
  put('src/words.json', 100);
  put('web/src/main.ts', 100);
  put('dist/cli/main.js', 50);
  put('dist/web/index.html', 50);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('buildReason', () => {
  it('is undefined when every output is newer than its sources', () => {
    expect(buildReason(root)).toBeUndefined();
  });

  it('names a source edited after the build, or one never compiled', () => {
    put('src/cli/main.ts', 10);
    expect(buildReason(root)).toBe('dist/ is older than src/cli/main.ts');
    put('src/cli/main.ts', 100);
    put('src/cli/new.ts', 100);
    expect(buildReason(root)).toBe('dist/ is older than src/cli/new.ts');
  });

  it('judges a JSON file by its copy in dist/ only when tsc copied it', () => {
    put('src/words.json', 10);
    put('dist/web/index.html', 5); // the dashboard may import any module of src/, so it is rebundled too
    expect(buildReason(root)).toBeUndefined();
    put('dist/words.json', 50);
    expect(buildReason(root)).toBe('dist/ is older than src/words.json');
  });

  it('rebuilds the dashboard when web/ or src/ changed after it was bundled, or it is missing', () => {
    put('dist/cli/main.js', 5);
    put('src/cli/main.ts', 20);
    expect(buildReason(root)).toBe('dist/web is older than the dashboard sources');
    put('src/cli/main.ts', 100);
    put('web/src/main.ts', 20);
    expect(buildReason(root)).toBe('dist/web is older than the dashboard sources');
    put('web/src/main.ts', 100);
    rmSync(join(root, 'dist/web'), { recursive: true });
    expect(buildReason(root)).toBe('dist/web is older than the dashboard sources');
  });

  it('rebuilds after a failed build even though tsc wrote its output', () => {
    put('dist/.build-failed', 1);
    expect(buildReason(root)).toBe('the last build failed');
  });
});
