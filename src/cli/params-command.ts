/**
 * `neardup params`: the LSH banding a threshold and permutation count give, for choosing settings:
 * bands × rows, the collision probability at the threshold, the false-positive and false-negative
 * areas, a table of P(s) and an ASCII S-curve.
 */
import { Command } from 'commander';
import { chooseBands, collisionProbability } from '../sketch/lsh.js';
import { resolveOptions } from '../options/options.js';
import { parseInteger, parseNumber } from './parse-args.js';

interface ParamsFlags {
  threshold?: number;
  perms?: number;
  bands?: number;
  rows?: number;
  json?: boolean;
}

export function paramsCommand(): Command {
  return new Command('params')
    .description('show the LSH bands and rows for a threshold, their S-curve and error areas')
    .option('--threshold <t>', 'similarity threshold (default: 0.5)', parseNumber('--threshold'))
    .option('--perms <k>', 'MinHash permutations (default: 128)', parseInteger('--perms', 1))
    .option('--bands <b>', 'bands to evaluate instead of the chosen ones', parseInteger('--bands', 1))
    .option('--rows <r>', 'rows per band (with --bands)', parseInteger('--rows', 1))
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ neardup params --threshold 0.5 --perms 128\n  $ neardup params --threshold 0.7 --bands 20 --rows 6',
    )
    .action((flags: ParamsFlags) => {
      const o = resolveOptions({
        threshold: flags.threshold,
        perms: flags.perms,
        bands: flags.bands,
        rows: flags.rows,
      });
      const chosen = chooseBands(o.threshold, o.perms);
      const { bands, rows } = o;
      const fp = integrate((s) => collisionProbability(s, bands, rows), 0, o.threshold);
      const fn = integrate((s) => 1 - collisionProbability(s, bands, rows), o.threshold, 1);
      const table = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((s) => ({
        s,
        p: collisionProbability(s, bands, rows),
      }));
      const atThreshold = collisionProbability(o.threshold, bands, rows);
      if (flags.json) {
        process.stdout.write(
          JSON.stringify({
            threshold: o.threshold,
            perms: o.perms,
            bands,
            rows,
            chosen: { bands: chosen.bands, rows: chosen.rows },
            p_at_threshold: atThreshold,
            false_positive_area: fp,
            false_negative_area: fn,
            curve: table,
          }) + '\n',
        );
        return;
      }
      const out = [
        `threshold ${o.threshold}, ${o.perms} permutations → ${bands} bands × ${rows} rows${bands === chosen.bands && rows === chosen.rows ? ' (chosen: the least false-positive area with P(threshold) ≥ 0.995)' : ` (the choice would be ${chosen.bands} × ${chosen.rows})`}`,
        `P(candidate) = 1 − (1 − s^${rows})^${bands}; at the threshold: ${atThreshold.toFixed(4)}`,
        `false-positive area ∫₀ᵗ P(s) ds = ${fp.toFixed(4)} (candidates that verification rejects: time only)`,
        `false-negative area ∫ₜ¹ 1 − P(s) ds = ${fn.toFixed(5)} (duplicates banding can miss)`,
        '',
        'similarity  P(candidate)',
        ...table.map((r) => `   ${r.s.toFixed(1)}       ${r.p.toFixed(4)}`),
        '',
        sCurve(bands, rows, o.threshold),
      ];
      process.stdout.write(out.join('\n') + '\n');
    });
}

function integrate(f: (s: number) => number, lo: number, hi: number, steps = 400): number {
  const h = (hi - lo) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += f(lo + (i + 0.5) * h);
  return sum * h;
}

/** The S-curve in text: 50 columns of similarity, 12 rows of probability, `|` at the threshold. */
function sCurve(bands: number, rows: number, threshold: number): string {
  const W = 50;
  const H = 12;
  const grid = Array.from({ length: H }, () => Array<string>(W).fill(' '));
  const tCol = Math.min(W - 1, Math.round(threshold * (W - 1)));
  for (let r = 0; r < H; r++) grid[r][tCol] = '|';
  for (let c = 0; c < W; c++) {
    const p = collisionProbability(c / (W - 1), bands, rows);
    const r = H - 1 - Math.round(p * (H - 1));
    grid[r][c] = '•';
  }
  const lines = grid.map((row, r) => `${r === 0 ? '1.0' : r === H - 1 ? '0.0' : '   '} ┤${row.join('')}`);
  lines.push(`    └${'─'.repeat(W)}`);
  lines.push(`     0${' '.repeat(W - 8)}s    1   (| threshold ${threshold})`);
  return lines.join('\n');
}
