/**
 * The code's comments point only at files that are in the repository: a path
 * under one of the project's folders, or a Markdown file, must exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../support/paths';

const FOLDERS = ['src', 'screens', 'test', 'bench'];
/** A project path (`src/timeline/poller.ts`) or a bare Markdown file name. */
const REFERENCE = /(?<![\w/.-])((?:src|screens|test|bench|docs|scenarios|bin)\/[\w./-]*\w|[\w-]+\.md)\b/g;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'bin' && e.name !== 'dist') sourceFiles(p, out);
    } else if (/\.(ts|go|py)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The comment text of a file: line comments and block comments. */
function comments(text: string): string[] {
  return [...text.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|^\s*#(?!!)[^\n]*/gm)].map((m) => m[0]);
}

/** Folders the project makes at run time and keeps out of git (`.gitignore`). */
function ignored(): string[] {
  return readFileSync(join(PROJECT_ROOT, '.gitignore'), 'utf8').split('\n').map((l) => l.trim().replace(/^\//, '')).filter((l) => l !== '' && !l.startsWith('#'));
}

test('every file a comment names is in the repository', () => {
  const missing: string[] = [];
  const made = ignored();
  for (const file of FOLDERS.flatMap((f) => sourceFiles(join(PROJECT_ROOT, f)))) {
    for (const c of comments(readFileSync(file, 'utf8'))) {
      for (const [, ref] of c.matchAll(REFERENCE)) {
        // A built file (`bench/frame.js`) stands for its source.
        const path = ref.replace(/\.js$/, '.ts');
        const candidates = ref.includes('/') ? [join(PROJECT_ROOT, path), join(PROJECT_ROOT, `${path}.ts`)] : [join(PROJECT_ROOT, path), join(PROJECT_ROOT, 'docs', path)];
        if (made.some((g) => ref.startsWith(g.replace(/\/$/, '')))) continue;
        if (!candidates.some((p) => existsSync(p))) missing.push(`${relative(PROJECT_ROOT, file)}: ${ref}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});
