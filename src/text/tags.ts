/**
 * Outlet and media tags that say nothing about the story: 组图, 视频, 快讯, 人民日报, 豫记 … A tag is
 * removed only where tags stand — at the start or end of the headline, or inside brackets — so
 * that 人民日报 as the subject of 人民日报发出警告 stays. Single-character tags (图) count only in
 * brackets, so 地图 keeps its 图.
 */

// Tags that stand at either end of a headline.
const MEDIA_TAGS = [
  '组图',
  '多图',
  '图文',
  '高清组图',
  '视频',
  '附视频',
  '动图',
  '图集',
  '全文',
  '更新中',
  '持续更新',
];
// Tags that only ever lead (重磅！…); at the end 官宣 or 最新 are part of the story.
const LEADING_TAGS = [
  '关注',
  '快讯',
  '独家',
  '最新',
  '突发',
  '原创',
  '早报',
  '晚报',
  '热点',
  '提醒',
  '重磅',
  '速看',
  '官宣',
  '震惊',
  '注意',
  '紧急',
];
const OUTLETS = [
  '人民日报',
  '人民网',
  '新华社',
  '新华网',
  '新华视点',
  '央视新闻',
  '央视网',
  '央视',
  '中新网',
  '中新社',
  '中国新闻网',
  '澎湃新闻',
  '澎湃',
  '环球时报',
  '环球网',
  '新京报',
  '北京青年报',
  '北青网',
  '光明日报',
  '光明网',
  '经济日报',
  '中国日报',
  '中国青年报',
  '中青网',
  '凤凰网',
  '凤凰',
  '网易',
  '腾讯新闻',
  '新浪新闻',
  '新浪',
  '搜狐',
  '豫记',
  '界面新闻',
  '财新',
  '第一财经',
  '每日经济新闻',
  '观察者网',
  '南方都市报',
  '南方日报',
  '羊城晚报',
  '红星新闻',
  '封面新闻',
  '上游新闻',
  '极目新闻',
  '潇湘晨报',
  '齐鲁晚报',
  '钱江晚报',
  '新民晚报',
  '扬子晚报',
  '现代快报',
  '华商报',
  '大河报',
  '北京日报',
  '解放日报',
  '文汇报',
  '香港01',
  '联合早报',
  '美联社',
  '路透社',
  '法新社',
  '彭博社',
  '鲸媒体',
  '36氪',
  '虎嗅',
  '钛媒体',
  '界面',
  '梨视频',
  '看看新闻',
  '新闻联播',
  '晨读',
  'cnn',
  'bbc',
];
const SINGLE = ['图', '视', '频', '转', '荐', '热', '新'];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
const tagAlternation = alternation([...MEDIA_TAGS, ...OUTLETS]);
const leadingAlternation = alternation([...MEDIA_TAGS, ...OUTLETS, ...LEADING_TAGS]);
const bracketAlternation = alternation([...MEDIA_TAGS, ...OUTLETS, ...LEADING_TAGS, ...SINGLE]);

// Brackets after NFKC: 【】〖〗[] () 「」 and quotes; separators between a tag and the headline.
const OPEN = '[\\[【〖(「『<《"]';
const CLOSE = '[\\]】〗)」』>》"]';
const SEP = '[\\s:|丨/_\\-—·•,!]';
const BRACKETED = new RegExp(
  `${OPEN}\\s*(?:${bracketAlternation})(?:${SEP}*(?:${bracketAlternation}))*\\s*${CLOSE}`,
  'gu',
);
const LEADING = new RegExp(`^(?:\\s*(?:${leadingAlternation})${SEP}+)+`, 'u');
const TRAILING = new RegExp(`(?:${SEP}*(?:${tagAlternation}))+\\s*$`, 'u');

const PART_MARKER = /\(\s*([上中下])\s*\)/g;

/**
 * Writes the part markers (上) (中) (下) of a series as numbers, (1) (2) (3), so that the number
 * rule tells part one from part two.
 * @example markParts('未来展望(上)') // '未来展望(1)'
 */
export function markParts(s: string): string {
  return s.includes('(') ? s.replace(PART_MARKER, (_, c: string) => `(${'上中下'.indexOf(c) + 1})`) : s;
}

/**
 * Removes media and outlet tags from a text already through `prepareText` (NFKC, lower case).
 * Returns the text itself when nothing was removed, or when removing would leave nothing.
 * @example stripTags('南非大选初步计票结果显示非国大获胜组图') // '南非大选初步计票结果显示非国大获胜'
 */
export function stripTags(s: string): string {
  // The end-anchored pattern is tried from every position of the text, so it runs only when the
  // text ends as a tag does (most headlines do not); brackets likewise only when there are some.
  let out = HAS_OPEN.test(s) ? s.replace(BRACKETED, ' ') : s;
  // The start-anchored pattern, likewise, only when the text starts as one of its words does (or
  // with a space, which it skips).
  if (LEADING_FIRST.has(out[0]) || SPACE.test(out[0] ?? '')) out = out.replace(LEADING, '');
  if (mayEndWithTag(out)) out = out.replace(TRAILING, '');
  return out === s ? s : unlessEmptied(out, s);
}

/** The text without its tags, or the text itself when only tags were there. */
function unlessEmptied(stripped: string, text: string): string {
  return /[\p{L}\p{N}]/u.test(stripped) ? stripped : text;
}

const HAS_OPEN = new RegExp(OPEN, 'u');
const SPACE = /^\s/u;
const LEADING_FIRST = new Set([...MEDIA_TAGS, ...OUTLETS, ...LEADING_TAGS].map((w) => w[0]));
const TAG_LAST_CHARS = new Set([...MEDIA_TAGS, ...OUTLETS].map((w) => w[w.length - 1]));

/** True when the last character before trailing spaces ends some trailing tag. */
function mayEndWithTag(s: string): boolean {
  let i = s.length - 1;
  while (i >= 0 && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r' || s[i] === '\u3000'))
    i--;
  return i >= 0 && TAG_LAST_CHARS.has(s[i]);
}

/** The obvious form of `stripTags`, every pattern applied to every text: the oracle in tests. */
export function stripTagsReference(s: string): string {
  return unlessEmptied(s.replace(BRACKETED, ' ').replace(LEADING, '').replace(TRAILING, ''), s);
}
