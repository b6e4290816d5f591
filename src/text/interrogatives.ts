/**
 * Interrogatives that headlines use interchangeably, folded to one spelling before shingling:
 * 如何 / 怎样 → 怎么 (how), 为何 / 为啥 → 为什么 (why). 公务员面试如何准备 and 公务员面试该怎么准备 ask
 * the same question, but as bigrams they share only the words around the question word. 怎么样
 * (how is it) is another question and is left alone; Traditional spellings fold too, since script
 * folding happens later, per character.
 */
const FOLDS: Record<string, string> = {
  如何: '怎么',
  怎样: '怎么',
  怎樣: '怎么',
  为何: '为什么',
  為何: '为什么',
  为啥: '为什么',
  為啥: '为什么',
};
const INTERROGATIVE = /如何|怎样(?!子)|怎樣(?!子)|为何|為何|为啥|為啥/g;

/** Folds interrogative variants to one spelling. @example foldInterrogatives('如何准备') // '怎么准备' */
export function foldInterrogatives(text: string): string {
  // Few headlines ask a question: four character searches are cheaper than a regex pass.
  if (
    text.indexOf('如') === -1 &&
    text.indexOf('怎') === -1 &&
    text.indexOf('为') === -1 &&
    text.indexOf('為') === -1
  )
    return text;
  return text.replace(INTERROGATIVE, (w) => FOLDS[w]);
}
