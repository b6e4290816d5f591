/**
 * What kind of words differ between two headlines, and where. On a real corpus most candidate
 * pairs share a frame and differ in a few words, and the kind of those words decides (GUIDE.md,
 * audit section): words that name a distinct facet of a topic (its 花絮, 文案, 节目单), a response
 * that is the headline's focus (回应, 发声), or a question about it make another item; words that
 * only greet, react to or restate the item (快乐, 好看, 上映) do not. Each word list is a closed
 * class of Chinese news and trending-topic vocabulary, not a list of labelled pairs.
 */
import type { Span } from './align.js';
import type { ItemView } from './item-view.js';
import { SURNAMES } from './places.js';
import { isNounHead } from './noun-heads.js';
import { spanText } from './span-text.js';

const SURNAME_CODES = new Set([...SURNAMES].map((c) => c.codePointAt(0)!));
/** A Han character of the BMP (unified ideographs and extension A): what a noun-head bigram is made of. */
export const isHan = (id: number) => (id >= 0x4e00 && id <= 0x9fff) || (id >= 0x3400 && id <= 0x4dbf);

/** Nouns that name a distinct piece of content about a topic: news or content in itself. */
export const FACET_WORDS = [
  '花絮',
  '文案',
  '作文',
  '节目单',
  '阵容',
  '歌词',
  '路透',
  '剧照',
  '海报',
  '预告',
  '片段',
  '彩蛋',
  '名单',
  '真题',
  '答案',
  '试题',
  '题目',
  '造型',
  '妆容',
  '主题曲',
  '插曲',
  '片尾曲',
  '台词',
  '名场面',
  '幕后',
  '发布会',
  '票房',
  '评分',
  '细节',
  '原因',
  '真相',
  '攻略',
  '穿搭',
  '合照',
  '同款',
  '大结局',
  '剧透',
  '直拍',
  '舞台',
  '后续',
  '进展',
  '现状',
  '近况',
  '排名',
  '榜单',
  '菜单',
  '价格',
  '视频曝光',
];

/** Verbs of a response or statement: when added, the response is usually the headline's focus. */
export const RESPONSE_WORDS = [
  '回应',
  '发声',
  '发文',
  '道歉',
  '致歉',
  '辟谣',
  '澄清',
  '否认',
  '通报',
  '声明',
  '表态',
  '回复',
  '怒斥',
  '吐槽',
  '力挺',
  '告别',
  '评价',
  '点评',
  '谈',
  '质疑',
  '起诉',
  '报警',
  '承认',
  '退出',
  '官宣',
];

/** Question words and particles: a question about a topic is another item. */
export const QUESTION_MARKERS = [
  '吗',
  '呢',
  '什么',
  '怎么',
  '为什么',
  '为何',
  '如何',
  '多少',
  '哪',
  '谁',
  '是否',
  '能否',
  '几',
];

/**
 * Words that greet, cheer, react to, restate or give the status of an item (it airs, opens, is
 * released, ends): added to a topic, they say why it trends and leave it the same item.
 */
export const GREETING_WORDS = [
  // greetings and cheers
  '快乐',
  '明天见',
  '来了',
  '加油',
  '生日',
  // reactions and evaluations
  '好看',
  '好哭',
  '好甜',
  '好美',
  '好虐',
  '好笑',
  '太美',
  '绝了',
  '哈哈',
  '破防',
  '虐',
  '难',
  '简单',
  '感人',
  '搞笑',
  '离谱',
  '封神',
  '炸裂',
  '口碑',
  '翻车',
  '热议',
  '刷屏',
  '爆了',
  '火了',
  '看不懂',
  // status of the item itself
  '上映',
  '开播',
  '首播',
  '定档',
  '官宣',
  '发售',
  '开售',
  '开拍',
  '杀青',
  '上线',
  '收官',
  '完结',
  '结束',
  '落幕',
  '取消',
  '去世',
  '结果',
  '成绩',
  '汇总',
  // when and how it is shown
  '今日',
  '今天',
  '今晚',
  '最新',
  '现场',
  '全程',
  '正式',
  '官方',
  '完整版',
  '完整视频',
];

/**
 * A word list matched on tokens (a CJK character is one token, its code point), without building
 * text: the decision asks it of every candidate pair. Latin and digit words are tokens of their
 * own that no word here contains, as in `spanText`, where they read as spaces.
 */
class WordList {
  readonly #codes: Int32Array[];
  /** The indices of the words that start with each code point. */
  readonly #byFirst = new Map<number, number[]>();
  /**
   * A bit per value of a token's low 16 bits, set where a word starts with such a token: almost
   * every token of a headline starts no word, and one bit test (8 KB, in cache) answers it where
   * a lookup in the map costs a hash.
   */
  readonly #firstBits = new Uint32Array(1 << 11);

  constructor(words: readonly string[]) {
    this.#codes = words.map((w) => Int32Array.from(Array.from(w, (c) => c.codePointAt(0)!)));
    this.#codes.forEach((codes, k) => {
      const list = this.#byFirst.get(codes[0]);
      if (list) list.push(k);
      else this.#byFirst.set(codes[0], [k]);
      const low = codes[0] & 0xffff;
      this.#firstBits[low >>> 5] |= 1 << (low & 31);
    });
  }

  /** The words starting with token `code`, if any. */
  #starting(code: number): number[] | undefined {
    const low = code & 0xffff;
    if ((this.#firstBits[low >>> 5] & (1 << (low & 31))) === 0) return undefined;
    return this.#byFirst.get(code);
  }

  /** Whether word k is at token p of v, wholly before token `hi`. */
  #at(v: ItemView, k: number, p: number, hi: number): boolean {
    const codes = this.#codes[k];
    if (p + codes.length > hi) return false;
    for (let i = 0; i < codes.length; i++) if (v.tokens[v.tFrom + p + i] !== codes[i]) return false;
    return true;
  }

  /** Whether word k occurs anywhere in v. */
  #inWhole(v: ItemView, k: number): boolean {
    const n = v.tTo - v.tFrom;
    for (let p = 0; p < n; p++) if (this.#at(v, k, p, n)) return true;
    return false;
  }

  /**
   * Whether a word lies wholly within tokens [from, to) of v (clamped) and nowhere in `other`.
   */
  oneSided(v: ItemView, from: number, to: number, other: ItemView): boolean {
    const lo = Math.max(0, from);
    const hi = Math.min(to, v.tTo - v.tFrom);
    for (let p = lo; p < hi; p++) {
      const starting = this.#starting(v.tokens[v.tFrom + p]);
      if (starting === undefined) continue;
      for (const k of starting) if (this.#at(v, k, p, hi) && !this.#inWhole(other, k)) return true;
    }
    return false;
  }

  /** Whether any word lies wholly within tokens [from, to) of v. */
  within(v: ItemView, from: number, to: number): boolean {
    for (let p = from; p < to; p++) {
      const starting = this.#starting(v.tokens[v.tFrom + p]);
      if (starting === undefined) continue;
      for (const k of starting) if (this.#at(v, k, p, to)) return true;
    }
    return false;
  }
}

const FACETS = new WordList(FACET_WORDS);
const RESPONSES = new WordList(RESPONSE_WORDS);
const QUESTIONS = new WordList(QUESTION_MARKERS);
const GREETINGS = new WordList(GREETING_WORDS);

/**
 * Whether a word of `words` is in the differing text of one side and nowhere in the other
 * headline (a word both headlines have, reordered, is no difference of kind). The differing text
 * is read with its neighbours, so a word cut by the alignment's edge still counts.
 */
function wordOnOneSide(a: ItemView, b: ItemView, spans: readonly Span[], words: WordList): boolean {
  for (const s of spans) {
    if (s.kind === 'equal') continue;
    if (s.aTo > s.aFrom && words.oneSided(a, s.aFrom - 1, s.aTo + 1, b)) return true;
    if (s.bTo > s.bFrom && words.oneSided(b, s.bFrom - 1, s.bTo + 1, a)) return true;
  }
  return false;
}

/** Tokens of [from, to) that are not Latin or digit words (those read as spaces, which do not count). */
function hanCount(v: ItemView, from: number, to: number): number {
  let n = 0;
  for (let p = from; p < to; p++) if (v.tokens[v.tFrom + p] < 0x110000) n++;
  return n;
}

/** The differing text of each side of a pair, by alignment: what a has that b has not, and back. */
function differing(v: ItemView, spans: readonly Span[], side: 'a' | 'b'): string[] {
  const out: string[] = [];
  for (const s of spans) {
    if (s.kind === 'equal') continue;
    const from = side === 'a' ? s.aFrom : s.bFrom;
    const to = side === 'a' ? s.aTo : s.bTo;
    if (to > from) out.push(spanText(v, from, to));
  }
  return out;
}

const EMPTY_SPAN = 0;
const GREETING = 1;
/** A span of two or more characters with no greeting word: the pair is no greeting only. */
const NO_GREETING = 2;

/** What tokens [from, to) of v hold: nothing, a greeting word, or characters and none. */
function greetingSpan(v: ItemView, from: number, to: number): number {
  if (to <= from) return EMPTY_SPAN;
  if (GREETINGS.within(v, from, to)) return GREETING;
  return hanCount(v, from, to) > 1 ? NO_GREETING : EMPTY_SPAN;
}

/**
 * Whether every differing span is made of greeting or restating words (and nothing else): each
 * span's text with the words taken out, in the list's order, leaves at most one character.
 */
function onlyGreetings(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  // Most pairs differ by words that are no greeting: a span of two or more characters with no
  // greeting word in it settles the answer without building any text.
  let any = false;
  for (const s of spans) {
    if (s.kind === 'equal') continue;
    const onA = greetingSpan(a, s.aFrom, s.aTo);
    if (onA === NO_GREETING) return false;
    const onB = greetingSpan(b, s.bFrom, s.bTo);
    if (onB === NO_GREETING) return false;
    any ||= onA === GREETING || onB === GREETING;
  }
  if (!any) return false;
  const parts = [...differing(a, spans, 'a'), ...differing(b, spans, 'b')];
  let matched = false;
  return (
    parts.every((p) => {
      let rest = p.replace(/\s+/g, '');
      // Most words are not in the span: a search costs less than splitting on each.
      for (const w of GREETING_WORDS) {
        if (!rest.includes(w)) continue;
        matched = true;
        rest = rest.split(w).join('');
      }
      return rest.length <= 1;
    }) && matched
  );
}

/**
 * The spans of an alignment where words were only added or dropped: their count and the first
 * (the only one when there is one); undefined when a span was replaced.
 */
function additions(spans: readonly Span[]): { count: number; first?: Span } | undefined {
  let count = 0;
  let first: Span | undefined;
  for (const s of spans) {
    if (s.kind === 'replace') return undefined;
    if (s.kind === 'equal') continue;
    count++;
    first ??= s;
  }
  return { count, first };
}

type Additions = ReturnType<typeof additions>;

/** Where words were only added: at the tail of the shorter headline, at its head, or inside. */
function addedWhere(a: ItemView, b: ItemView, added: Additions): 'tail' | 'head' | 'inside' | 'none' {
  if (added === undefined || added.count === 0) return 'none';
  if (added.count > 1) return 'inside';
  const e = added.first!;
  const la = a.tTo - a.tFrom;
  const lb = b.tTo - b.tFrom;
  if (e.kind === 'insert') return e.aFrom === la ? 'tail' : e.aFrom === 0 ? 'head' : 'inside';
  return e.bFrom === lb ? 'tail' : e.bFrom === 0 ? 'head' : 'inside';
}

/**
 * Whether words only added (one edit) begin with what looks like a person's name: a surname and
 * one or two more Han characters (杨颖 …, 王嘉尔现身 …): another person who is the focus.
 */
function addsPerson(a: ItemView, b: ItemView, added: Additions): boolean {
  if (added === undefined || added.count !== 1) return false;
  const e = added.first!;
  const [v, from, to] = e.kind === 'insert' ? [b, e.bFrom, e.bTo] : [a, e.aFrom, e.aTo];
  if (to - from < 2) return false;
  const first = v.tokens[v.tFrom + from];
  return SURNAME_CODES.has(first) && isHan(v.tokens[v.tFrom + from + 1]);
}

/** The span-kind features of a pair, both ways round, into out[at …] in SPAN_KIND_FEATURES order. */
export const SPAN_KIND_FEATURES = [
  'facetAdded',
  'responseAdded',
  'questionAdded',
  'greetingOnly',
  'addedTail',
  'addedHead',
  'personAdded',
] as const;

/**
 * Writes the span-kind features of (a, b) given both alignments.
 * @example spanKinds(view('摩尔庄园'), view('摩尔庄园烟花'), ab, ba, out, 0) // addedTail 1
 */
export function spanKinds(
  a: ItemView,
  b: ItemView,
  ab: readonly Span[],
  ba: readonly Span[],
  out: Float64Array,
  at: number,
): void {
  const either = (words: WordList) => wordOnOneSide(a, b, ab, words) || wordOnOneSide(b, a, ba, words);
  out[at] = either(FACETS) ? 1 : 0;
  out[at + 1] = either(RESPONSES) ? 1 : 0;
  out[at + 2] = either(QUESTIONS) ? 1 : 0;
  out[at + 3] = onlyGreetings(a, b, ab) && onlyGreetings(b, a, ba) ? 1 : 0;
  const addedAb = additions(ab);
  const addedBa = additions(ba);
  const w1 = addedWhere(a, b, addedAb);
  const w2 = addedWhere(b, a, addedBa);
  out[at + 4] = w1 === 'tail' && w2 === 'tail' ? 1 : 0;
  out[at + 5] = w1 === 'head' && w2 === 'head' ? 1 : 0;
  out[at + 6] = addsPerson(a, b, addedAb) || addsPerson(b, a, addedBa) ? 1 : 0;
}

/** A topic this many tokens long or shorter is short (GUIDE.md's trending topics: 8 characters). */
export const SHORT_TOPIC_TOKENS = 8;

/**
 * Whether a short topic is extended at its tail by words that end in a noun (noun-heads.ts):
 * 高考英语 / 高考英语作文, where the longer headline names another thing about the topic, against
 * 回廊亭 / 回廊亭上映, where it says what happens to it. For a pair whose alignments agree that
 * words were only added, at the shorter headline's tail (addedTail, which spanKinds has found):
 * the added words must be two Han characters or more, and the shorter headline at most
 * SHORT_TOPIC_TOKENS tokens.
 * @example nounExtension(view('高考英语'), view('高考英语作文'), ab) // true
 */
export function nounExtension(a: ItemView, b: ItemView, ab: readonly Span[]): boolean {
  if (Math.min(a.tTo - a.tFrom, b.tTo - b.tFrom) > SHORT_TOPIC_TOKENS) return false;
  const e = additions(ab)!.first!;
  const [v, from, to] = e.kind === 'insert' ? [b, e.bFrom, e.bTo] : [a, e.aFrom, e.aTo];
  if (to - from < 2) return false;
  const first = v.tokens[v.tFrom + to - 2];
  const second = v.tokens[v.tFrom + to - 1];
  return isHan(first) && isHan(second) && isNounHead(first, second);
}
