/**
 * Noun heads (src/verify/noun-heads.ts) and the nounExtension veto: the bundled set reads back as
 * written and tells nouns from predicates by corpus usage; the veto fires on a short topic
 * extended at its tail by a noun, and on nothing else; the bundled decision does not remove such
 * a pair but keeps it for review when its other evidence is strong.
 */
import { describe, expect, it } from 'vitest';
import { compare, explain } from '../src/index.js';
import { formatExplanation } from '../src/cli/explain-command.js';
import { bundledModel } from '../src/verify/model.js';
import {
  bigramKey,
  decodeNounHeads,
  encodeNounHeads,
  isNounHead,
  loadNounHeads,
} from '../src/verify/noun-heads.js';
import { nounExtensionOf as nounExtension } from './helpers/pair-features.js';

const head = (w: string) => isNounHead(w.codePointAt(0)!, w.codePointAt(1)!);

describe('noun heads', () => {
  it('a missing file is an error that says how to get it back', () => {
    expect(() => loadNounHeads('/nonexistent/noun-heads.bin')).toThrow(/missing.*build-noun-heads/);
  });

  it('read back as written, and a damaged file says how to rebuild it', () => {
    const keys = Uint32Array.from([bigramKey(0x4e00, 0x4e01), bigramKey(0x4f5c, 0x6587), 0xffffffff]);
    expect(decodeNounHeads(encodeNounHeads(keys))).toEqual(keys);
    const bytes = encodeNounHeads(keys);
    expect(() => decodeNounHeads(bytes.subarray(0, bytes.length - 1))).toThrow(/cut short.*build-noun-heads/);
    const wrong = Uint8Array.from(bytes);
    wrong[0] ^= 1;
    expect(() => decodeNounHeads(wrong)).toThrow(/not a noun-head table/);
    const later = Uint8Array.from(bytes);
    later[4] = 9;
    expect(() => decodeNounHeads(later)).toThrow(/version 9/);
  });

  it('the bundled set holds nouns, not predicates (by how the corpus uses them)', () => {
    for (const w of ['作文', '花絮', '阵容', '歌单', '剧情']) expect(head(w), w).toBe(true);
    for (const w of ['上映', '定档', '上线', '开播', '结束', '发射', '夺冠']) expect(head(w), w).toBe(false);
  });
});

describe('the nounExtension feature', () => {
  it('fires on a short topic extended at its tail by words ending in a noun', () => {
    expect(nounExtension('流浪地球2', '流浪地球2剧情')).toBe(1);
    expect(nounExtension('流浪地球2剧情', '流浪地球2')).toBe(1);
  });

  it('does not fire on a predicate, one character, words put in front, or a long headline', () => {
    expect(nounExtension('流浪地球2', '流浪地球2定档')).toBe(0);
    expect(nounExtension('流浪地球2', '流浪地球2票')).toBe(0);
    expect(nounExtension('流浪地球2剧', '流浪地球2剧情')).toBe(0);
    expect(nounExtension('流浪地球2', '吴京流浪地球2')).toBe(0);
    expect(nounExtension('流浪地球2剧情', '流浪地球2阵容')).toBe(0);
    expect(
      nounExtension(
        '客家阿婆手作芋丝酥在TikTok上点击量破千万',
        '客家阿婆手作芋丝酥在TikTok上点击量破千万花絮',
      ),
    ).toBe(0);
  });

  it('is switched off with the extension rule', () => {
    expect(compare({ text: '流浪地球2' }, { text: '流浪地球2剧情' }).veto).toBe('nounExtension');
    const off = compare({ text: '流浪地球2' }, { text: '流浪地球2剧情' }, { disableRules: ['extension'] });
    expect(off.veto).toBeUndefined();
  });

  it('is a veto of the bundled decision that keeps the pair for review', () => {
    const model = bundledModel()!;
    expect(model.weights.vetoes).toContain('nounExtension');
    const noun = compare({ text: '流浪地球2' }, { text: '流浪地球2剧情' });
    expect(noun.duplicate).toBe(false);
    expect(noun.rule).toBe('extension');
    // Scored all the same: the probability is the rest of the evidence, for the review tier.
    expect(noun.probability).toBeGreaterThan(0);
    const predicate = compare({ text: '流浪地球2' }, { text: '流浪地球2定档' });
    expect(predicate.duplicate).toBe(true);
    // With a possible-duplicate cut-off below its probability, the stopped pair is a possible duplicate.
    const low = compare({ text: '流浪地球2' }, { text: '流浪地球2剧情' }, { possibleCutoff: 0.01 });
    expect(low.possible).toBe(true);
    expect(low.duplicate).toBe(false);
  });

  it('explain names the veto that decided, not the probability, and says the pair is kept for review', () => {
    const stopped = explain('山东高考历史 情怀', '山东高考历史', { possibleCutoff: 0.01 });
    expect(stopped.decision.duplicate).toBe(false);
    expect(stopped.model!.veto).toMatchObject({ name: 'nounExtension', possible: true });
    const text = formatExplanation(stopped);
    expect(text).toMatch(
      /→ not a duplicate: vetoed by nounExtension .*kept for review as a possible duplicate/,
    );
    expect(text).toContain('decided by the veto nounExtension');
    expect(text).not.toContain('→ duplicate');
    // A changed number names its veto too; a duplicate names none.
    expect(explain('第三十次会议召开', '第三十二次会议召开').model!.veto?.name).toBe('numbersChanged');
    expect(explain('流浪地球2', '流浪地球2定档').model!.veto).toBeUndefined();
  });
});
