/**
 * The README's code examples run as tests: every ```ts block of the README is extracted, its
 * `from 'neardup'` (and `'neardup/sketch'`) pointed at the source, and each statement followed by a `// value` comment
 * (on its line or the next) checked against that value with toMatchObject. An example that
 * stops working, or whose shown result is no longer true, fails here.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/shared-data.js';

/** A comment's text as a JS value (an elided `[...]` is any array), or undefined when it is prose. */
function literal(comment: string): { value: unknown } | undefined {
  try {
    return {
      value: new Function('__anyArray', `return (${comment.replaceAll('[...]', '__anyArray')});`)(
        expect.any(Array),
      ) as unknown,
    };
  } catch {
    return undefined;
  }
}

/** The runnable module for one README block: statements with a value comment become checks. */
function runnable(block: string, entry: string): string {
  const lines = block.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]
      .replace(/from 'neardup'/, `from ${JSON.stringify(entry)}`)
      .replace(/from 'neardup\/sketch'/, `from ${JSON.stringify(entry.replace(/index\.ts$/, 'sketch.ts'))}`);
    // Redis is not part of this test's world: the shared-index line is checked for its API only.
    if (/NearDupIndex\.connect\(/.test(line)) line = '__check(typeof NearDupIndex.connect, "\'function\'");';
    const m = /^(\s*)(?:await\s+)?(.*?);\s*\/\/\s*(.+)$/.exec(line) ?? undefined;
    const next = /^\s*\/\/\s*(.+)$/.exec(lines[i + 1] ?? '');
    const code = m ? line.slice(0, line.indexOf('//')).trim() : line.trim();
    const comment = m ? m[3] : code.endsWith(';') && next ? next[1] : undefined;
    const expected = comment === undefined ? undefined : literal(comment);
    if (expected && code.endsWith(';') && !code.startsWith('const ')) {
      out.push(`__check(${code.slice(0, -1)}, ${JSON.stringify(comment)});`);
      if (!m) i++;
    } else out.push(line);
  }
  return out.join('\n');
}

/** `actual` with each number rounded to the decimals the README shows for it (0.7778, not 0.77777…). */
function roundLike(actual: unknown, expected: unknown): unknown {
  if (typeof actual === 'number' && typeof expected === 'number') {
    const decimals = (String(expected).split('.')[1] ?? '').length;
    return Number(actual.toFixed(decimals));
  }
  if (Array.isArray(actual) && Array.isArray(expected))
    return actual.map((a, k) => roundLike(a, expected[k]));
  if (
    actual &&
    expected &&
    typeof actual === 'object' &&
    typeof expected === 'object' &&
    !Array.isArray(actual)
  ) {
    return Object.fromEntries(
      Object.entries(actual).map(([key, v]) => [
        key,
        roundLike(v, (expected as Record<string, unknown>)[key]),
      ]),
    );
  }
  return actual;
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

describe("README's code examples", () => {
  it('has examples to run', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  blocks.forEach((block, k) => {
    it(`README \`\`\`ts block ${k + 1} runs and shows true results`, async () => {
      const dir = join(ROOT, 'test-output', 'readme');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `block-${k + 1}.ts`);
      const checks: [unknown, unknown][] = [];
      (globalThis as Record<string, unknown>).__check = async (actual: unknown, expected: unknown) => {
        checks.push([await actual, expected]);
      };
      writeFileSync(
        file,
        `const __check = (globalThis as any).__check;\n${runnable(block, join(ROOT, 'src', 'index.ts'))}\n`,
      );
      await import(`${pathToFileURL(file).href}?t=${Date.now()}`);
      expect(checks.length).toBeGreaterThan(0);
      for (const [actual, comment] of checks) {
        const expected = literal(comment as string)!.value;
        const shown = roundLike(actual, expected);
        if (typeof expected === 'object' && expected !== null)
          expect(shown, comment as string).toMatchObject(expected as object);
        else expect(shown, comment as string).toEqual(expected);
      }
    });
  });
});
