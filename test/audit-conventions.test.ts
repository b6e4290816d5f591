/**
 * The readers' conventions of the audit set (../shared/data/gold/GUIDE.md, audit section), as its
 * example pairs state them: scored by the default decision, which prints how many it gets right.
 * They check the conventions, and the decision was not tuned to them; but they are no independent
 * measure: they are themselves audit pairs the shipped model is fitted on, and the span-kind word
 * lists name the guide's categories (`npm run eval:audit`, leave one source out, is the measure).
 * The floor below only catches a decision that stops following them at all.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, dedup, explain } from '../src/index.js';
import { ROOT } from './helpers/shared-data.js';

const GUIDE_PAIRS: [string, string, 'dup' | 'diff'][] = [
  ['习近平会见智利总统', '韩正会见智利总统', 'diff'],
  ['新乡医学院2019年硕士研究生招生简章', '泰山医学院2019年硕士研究生招生简章', 'diff'],
  ['十四届全国人大一次会议举行预备会议', '十四届全国人大一次会议举行新闻发布会', 'diff'],
  ['特斯拉车主被困车内险窒息', '特斯拉回应车主被困车内险窒息', 'diff'],
  ['范丞丞没认出张小斐', '范丞丞回应没认出张小斐', 'diff'],
  ['妇女节', '妇女节快乐', 'dup'],
  ['九三盛大阅兵', '九三盛大阅兵明天见', 'dup'],
  ['保你平安', '保你平安 好看', 'dup'],
  ['回廊亭', '回廊亭上映', 'dup'],
  ['廖启智患胃癌', 'TVB老戏骨廖启智患胃癌', 'dup'],
  ['高考英语', '高考英语作文', 'diff'],
  ['黑暗荣耀', '黑暗荣耀花絮', 'diff'],
  ['妇女节', '妇女节文案', 'diff'],
  ['摩尔庄园', '摩尔庄园烟花', 'diff'],
  ['文艺晚会', '文艺晚会节目单', 'diff'],
  ['御赐小仵作', '王子奇发文告别御赐小仵作', 'diff'],
];

describe("the audit readers' example pairs", () => {
  it('are scored by the default decision (printed), at or above a floor', () => {
    const lines: string[] = [];
    let right = 0;
    let removedDistinct = 0;
    for (const [a, b, label] of GUIDE_PAIRS) {
      const d = compare(a, b);
      const said = d.duplicate ? 'dup' : 'diff';
      if (said === label) right++;
      else if (label === 'diff') removedDistinct++;
      lines.push(
        `${said === label ? 'right' : 'WRONG'} ${label} p=${(d.probability ?? 0).toFixed(3)}${d.possible ? ' (possible)' : ''} ${a} | ${b}`,
      );
    }
    console.log(`${lines.join('\n')}\naudit example pairs: ${right} of ${GUIDE_PAIRS.length} right`);
    expect(right).toBeGreaterThanOrEqual(12);
    // Precision first: a distinct item the guide names is never removed.
    expect(removedDistinct).toBe(0);
  });
});

describe('国内联播快讯 / 国际联播快讯 (a replaced span below the threshold)', () => {
  it('is not a duplicate, and explain names the threshold, not the edits leniency', () => {
    const d = compare('国内联播快讯', '国际联播快讯');
    expect(d.duplicate).toBe(false);
    expect(d.rule).toBe('below-threshold');
    const e = explain('国内联播快讯', '国际联播快讯');
    expect(e.decision.duplicate).toBe(false);
    expect(e.decision.rule).not.toBe('edits');
  });

  it('explain on the command line says NOT a duplicate', () => {
    const out = execFileSync(process.execPath, [
      join(ROOT, 'dist', 'src', 'cli', 'main.js'),
      'explain',
      '国内联播快讯',
      '国际联播快讯',
    ]).toString();
    expect(out).toContain('NOT a duplicate');
    expect(out).not.toMatch(/rule "edits"/);
  });

  it('on the bundled sample, no 国际联播快讯 joins the 国内联播快讯 cluster', async () => {
    const records = readFileSync(join(ROOT, 'data', 'headlines_sample.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; title: string; date?: string });
    const r = await dedup(records.map((x) => ({ id: x.id, text: x.title, date: x.date })));
    const international = records.flatMap((x, i) => (x.title.includes('国际联播快讯') ? [i] : []));
    expect(international.length).toBeGreaterThan(0);
    for (const i of international) expect(records[r.canonicalOf[i]].title).not.toContain('国内联播快讯');
  });
});
