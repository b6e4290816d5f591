/**
 * `neardup explain A B`: why two texts are near-duplicates or not.
 */
import { Command } from 'commander';
import { join } from 'node:path';
import { resolveOptions } from '../options/options.js';
import { DATA_DIR } from '../verify/corpus-stats.js';
import { MODEL_FILE, type ModelWeights } from '../verify/model.js';
import { modelHash } from '../verify/model-hash.js';
import { requireModel } from '../verify/model-decision.js';
import { MODEL_FILES } from './parse-args.js';
import { explainPair, type Explanation } from '../compare/explain.js';
import { addEngineFlags, engineOptions, PAIR_FLAGS_NOTE, type EngineFlags } from './engine-flags.js';

interface ExplainFlags extends EngineFlags {
  dateA?: string;
  dateB?: string;
  json?: boolean;
}

export function explainCommand(): Command {
  const cmd = new Command('explain')
    .description(
      'explain why two texts are near-duplicates or not: normalised forms, shingles, alignment, the deciding rule',
    )
    .argument('<a>', 'first text')
    .argument('<b>', 'second text')
    .option('--date-a <date>', 'date of the first text (for the date-gap rule)')
    .option('--date-b <date>', 'date of the second text');
  addEngineFlags(cmd, 'pair');
  return cmd
    .option('--json', 'print the explanation as JSON')
    .addHelpText(
      'after',
      "\nUnder the learned decision (the default), each feature's value and contribution\n" +
        'are listed, with the probability and the cut-off.\n' +
        `${PAIR_FLAGS_NOTE}\n` +
        '\nExamples:\n  $ neardup explain 上海师范大学2019年硕士研究生招生简章 湖北师范大学2019年硕士研究生招生简章\n  $ neardup explain 全球日增确诊超47万例 全球日增确诊超47万 --date-a 2021-03-11 --date-b 2021-04-06',
    )
    .action((a: string, b: string, flags: ExplainFlags) => {
      const options = engineOptions(flags);
      resolveOptions(options);
      const e = explainPair({ text: a, date: flags.dateA }, { text: b, date: flags.dateB }, options);
      const model = modelUsed(options.model, options.decision);
      process.stdout.write(
        flags.json
          ? JSON.stringify(model === undefined ? e : { ...e, model_file: model }) + '\n'
          : formatExplanation(e, model),
      );
    });
}

/** The model a decision used, named: its file and hash, or the bundled one (undefined under the rules). */
function modelUsed(
  weights: ModelWeights | undefined,
  decision: string | undefined,
): { file: string; hash: string } | undefined {
  if (decision === 'rules') return undefined;
  const w = weights ?? requireModel().weights;
  return {
    file:
      weights === undefined
        ? `bundled (${join(DATA_DIR, MODEL_FILE)})`
        : (MODEL_FILES.get(weights) ?? 'given in the options'),
    hash: modelHash(w),
  };
}

export function formatExplanation(e: Explanation, model?: { file: string; hash: string }): string {
  const d = e.decision;
  const lines = [
    `A: ${e.a.text}`,
    `   normalised: ${e.a.normalized}`,
    `   tokens:     ${e.a.tokens.join(' ')}`,
    `B: ${e.b.text}`,
    `   normalised: ${e.b.normalized}`,
    `   tokens:     ${e.b.tokens.join(' ')}`,
    '',
    `shingles: ${e.shared.length + e.onlyA.length} in A, ${e.shared.length + e.onlyB.length} in B, ${e.shared.length} shared`,
    `  shared: ${shingleList(e.shared)}`,
    `  only A: ${shingleList(e.onlyA)}`,
    `  only B: ${shingleList(e.onlyB)}`,
    `alignment: ${alignmentLine(e.alignment)}`,
    '',
    `similarity ${d.similarity.toFixed(4)} (threshold ${e.threshold})`,
    `${d.duplicate ? 'DUPLICATE' : 'NOT a duplicate'} — rule "${d.rule}": ${e.reason}`,
  ];
  if (e.model) {
    const m = e.model;
    lines.push('', `model: probability ${m.probability.toFixed(4)}, cut-off ${m.cutoff} → ${verdict(m)}`);
    if (model !== undefined) lines.push(`  model file: ${model.file}, hash ${model.hash}`);
    if (m.features.length === 0)
      lines.push(
        '  (a pair the model may not accept: below the threshold with words replaced, or outside the date window)',
      );
    else {
      lines.push(`  log-odds ${m.bias >= 0 ? ' ' : ''}${m.bias.toFixed(3)}  average training pair`);
      for (const f of m.features) {
        lines.push(
          `  ${f.contribution >= 0 ? '+' : '−'}${Math.abs(f.contribution).toFixed(3)}  ${f.name.padEnd(15)} = ${Number(f.value.toFixed(3))}  (${f.about})`,
        );
      }
      // The largest contribution in the direction of the decision: the evidence that carried it
      // (a veto decides alone, whatever the contributions).
      const forIt = (c: number) => (d.duplicate ? c > 0 : c < 0);
      const strongest = m.features.find((f) => forIt(f.contribution)) ?? m.features[0];
      lines.push(
        m.veto
          ? `decided by the veto ${m.veto.name}`
          : `strongest evidence: ${strongest.name} (${strongest.contribution >= 0 ? 'for' : 'against'} a duplicate)`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

/** The model's verdict in words: a veto decides whatever the probability says. */
function verdict(m: NonNullable<Explanation['model']>): string {
  if (m.veto)
    return `not a duplicate: vetoed by ${m.veto.name} (${m.veto.about})${m.veto.possible ? '; kept for review as a possible duplicate' : ''}`;
  return m.probability >= m.cutoff ? 'duplicate' : 'not a duplicate';
}

/** The alignment on one line: shared runs as they are, `[a → b]` where they differ, words kept apart by a space. */
function alignmentLine(spans: readonly { kind: string; a: string; b: string }[]): string {
  let line = '';
  for (const s of spans) {
    const part = s.kind === 'equal' ? s.a : `[${s.a || '∅'} → ${s.b || '∅'}]`;
    line += (/[\p{Script=Latin}\d\]]$/u.test(line) && /^[\p{Script=Latin}\d[]/u.test(part) ? ' ' : '') + part;
  }
  return line;
}

/** Shingles separated by spaces, or by ` | ` when a shingle holds a space itself (two words). */
function shingleList(shingles: readonly string[]): string {
  return shingles.join(shingles.some((s) => s.includes(' ')) ? ' | ' : ' ') || '—';
}
