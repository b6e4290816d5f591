/**
 * The folder-level import graph of src/: which stage imports which, read from the sources'
 * relative import specifiers (static, `export … from`, and `import()`; type-only imports count,
 * since a type from a later stage ties the earlier one to it all the same). Each top-level folder
 * under src/ is a node; a file at src/'s root is a node of its own, named with its `.ts`.
 * `STAGES` is the order the tree should read in; an edge that runs from an earlier node to a
 * later one is a back-edge.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The stages, lowest first: a node may import only from nodes before it (or itself). Libraries
 * (sketch, text, files, verify, options, compare) sit below the stages that use them; the
 * command line, the online index and the package entry points are at the top.
 */
export const STAGES: readonly string[] = [
  'errors.ts',
  'types',
  'sketch',
  'text',
  'files',
  'read',
  'prepare',
  'verify',
  'options',
  'compare',
  'train',
  'link',
  'cluster',
  'engine',
  'write',
  'report',
  'online',
  'review',
  'cli',
  'index.ts',
  'sketch.ts',
];

/** One folder-level edge: `from` imports `to` in `count` specifiers. */
export interface FolderEdge {
  from: string;
  to: string;
  count: number;
  /** True when `to` comes later in STAGES than `from` (or either is not in STAGES). */
  back: boolean;
}

/** The node (top-level folder, or root file) a file under `src` belongs to. */
function nodeOf(src: string, file: string): string {
  // The first path part: the folder, or for a file at the root, the file's own name.
  return relative(src, file).split(sep)[0];
}

/** Every .ts file under `dir`. */
function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

// Relative specifiers in `from '…'`, bare `import '…'` and `import('…')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)'(\.\.?\/[^']+)'/g;

/** The folder-level import graph of the sources under `src`, edges sorted by stage. */
export function folderGraph(src: string): FolderEdge[] {
  const counts = new Map<string, number>();
  for (const file of sources(src)) {
    const from = nodeOf(src, file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const target = resolve(dirname(file), spec);
      if (relative(src, target).startsWith('..')) continue; // outside src (none today)
      const to = nodeOf(src, target.replace(/\.js$/, '.ts'));
      if (to !== from) counts.set(`${from} ${to}`, (counts.get(`${from} ${to}`) ?? 0) + 1);
    }
  }
  const rank = (node: string) => STAGES.indexOf(node);
  return [...counts]
    .map(([key, count]) => {
      const [from, to] = key.split(' ');
      return { from, to, count, back: rank(from) < 0 || rank(to) < 0 || rank(to) > rank(from) };
    })
    .sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
}
