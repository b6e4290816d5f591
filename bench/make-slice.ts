/**
 * Writes data/headlines_dated.jsonl, the dated slice that the engine's oracle tests run on in
 * every `npm test`: a few thousand real headlines from ../shared/data/headlines_zh.jsonl.gz, picked
 * by date alone, so the same corpus always gives the same file (`npm run data:slice`).
 *
 * What the oracles need from it: titles that recur across days, both inside the date window (7
 * days) and beyond it, so that the date-ordered bucket scan and the date-gap veto have work; and
 * templates that repeat with a different number, place or stage, so that the headline rules do.
 * Weibo hot-search lists repeat and vary their titles day after day; the CCTV 新闻联播 item titles
 * repeat their columns and series (国内联播快讯, 【…】 series) every day.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonl, sharedPath } from './lib/shared-data.js';

interface Headline {
  id: string;
  title: string;
  date?: string;
}

/** Weibo hot-search days: three in a row, then 5, 9 and 19 days after the first (in and out of the window). */
export const WEIBO_DAYS = [
  '2022-06-01',
  '2022-06-02',
  '2022-06-03',
  '2022-06-06',
  '2022-06-10',
  '2022-06-20',
];
/** 新闻联播 weeks (Monday to Sunday): two in a row, one two months on, one a year on. */
export const XWLB_WEEKS = ['20230102', '20230109', '20230306', '20240304'];

function week(monday: string): string[] {
  const start = Date.UTC(
    Number(monday.slice(0, 4)),
    Number(monday.slice(4, 6)) - 1,
    Number(monday.slice(6, 8)),
  );
  return Array.from({ length: 7 }, (_, k) =>
    new Date(start + k * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''),
  );
}

const weiboDays = new Set(WEIBO_DAYS);
const xwlbDays = new Set(XWLB_WEEKS.flatMap(week));
const picked = readJsonl<Headline>(sharedPath('headlines_zh.jsonl.gz')).filter(
  (h) =>
    h.date !== undefined &&
    ((h.id.startsWith('weibo-') && weiboDays.has(h.date)) ||
      (h.id.startsWith('xwlb-') && xwlbDays.has(h.date))),
);
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'headlines_dated.jsonl');
writeFileSync(
  out,
  picked.map((h) => JSON.stringify({ id: h.id, title: h.title, date: h.date })).join('\n') + '\n',
);

const titles = new Map<string, Set<string>>();
for (const h of picked) titles.set(h.title, (titles.get(h.title) ?? new Set()).add(h.date ?? ''));
const recurring = [...titles.values()].filter((d) => d.size > 1).length;
process.stderr.write(`${out}: ${picked.length} headlines; ${recurring} titles on more than one day\n`);
