/**
 * bench/RESULTS.md is written one named section at a time: a bench script replaces its own
 * section, headed with its command, machine and date, and leaves the others as they were.
 */
import { describe, expect, it } from 'vitest';
import { machineLine, replaceSection, sectionBody } from '../bench/lib/results.js';

describe('bench results', () => {
  const doc =
    '# R\n\n<!-- results:a start -->\nold a\n<!-- results:a end -->\n\n<!-- results:b start -->\nb\n<!-- results:b end -->\n';

  it('replaces only the named section', () => {
    expect(replaceSection(doc, 'a', 'new a')).toBe(doc.replace('old a', 'new a'));
  });

  it('adds a section that is not there yet at the end', () => {
    expect(replaceSection(doc, 'c', 'c')).toBe(
      `${doc}\n<!-- results:c start -->\nc\n<!-- results:c end -->\n`,
    );
  });

  it('heads a section with the command, the machine and the date', () => {
    const body = sectionBody('T', 'npm run bench', '| x |', new Date('2026-11-27T12:00:00Z'));
    expect(body).toBe(`## T\n\n\`npm run bench\` on ${machineLine()}, 2026-11-27.\n\n| x |`);
    expect(machineLine()).toContain(`Node ${process.versions.node}`);
  });
});
