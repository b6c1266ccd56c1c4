/**
 * The forgiving half of title search: titles as bags of canonical words, matched with typos.
 *
 * Words are made canonical on both sides, so "II", "two" and "2" are one word, a possessive "'s" stays on its word
 * ("Schindler's" = "schindlers"), and filler a person may add or leave out ("the", "and"/"&", "part", "vol.") is
 * dropped. A query word then matches a title word within a few edits (optimal string alignment distance: insert,
 * delete, substitute, swap two neighbours), the last one also as the start of a word while it is being typed.
 *
 * Work is bounded: only vocabulary words with the query word's first letter are compared (people rarely get the
 * first letter wrong; Pollock & Zamora 1984 found 7% of misspellings there), a letter-set test rejects most of those
 * before the distance is computed, the distance is banded by `maxEdits` and stops as soon as a row exceeds it, and
 * words longer than MAX_FUZZY_WORD are matched exactly. Matching items come from posting lists, once per word.
 */

/** Query and title words longer than this are matched exactly (keeps the edit-distance table small). */
export const MAX_FUZZY_WORD = 32;
/** At most this many query words are matched with typos; later ones must be spelt right. */
const MAX_FUZZY_QUERY_WORDS = 6;

/** Filler a person may add or leave out: English articles, "and" (for "&"), and sequel markers. */
const FILLER: ReadonlySet<string> = new Set([
  'the',
  'a',
  'an',
  'and',
  'of',
  'part',
  'pt',
  'episode',
  'ep',
  'vol',
  'volume',
  'chapter',
]);

const ROMAN = [
  'i',
  'ii',
  'iii',
  'iv',
  'v',
  'vi',
  'vii',
  'viii',
  'ix',
  'x',
  'xi',
  'xii',
  'xiii',
  'xiv',
  'xv',
  'xvi',
  'xvii',
  'xviii',
  'xix',
  'xx',
];
const NUMBER_WORDS = [
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];
/** "ii" -> "2", "two" -> "2", ... up to 20. */
const NUMBER_FORMS: ReadonlyMap<string, string> = new Map([
  ...ROMAN.map((word, at) => [word, String(at + 1)] as const),
  ...NUMBER_WORDS.map((word, at) => [word, String(at + 1)] as const),
]);

const DIGITS = /^\d+$/;

/** A title's or query's canonical words, and whether making them canonical changed anything. */
export interface CanonicalWords {
  words: string[];
  changed: boolean;
}

/** Canonical words from normalised words (normalize.ts): numbers unified, possessive "s" glued, filler dropped. */
export function canonicalWords(normalizedWords: readonly string[]): CanonicalWords {
  const words: string[] = [];
  let changed = false;
  for (const word of normalizedWords) {
    if (word === 's' && words.length > 0) {
      words[words.length - 1] += 's';
      continue;
    }
    if (FILLER.has(word)) {
      changed = true;
      continue;
    }
    const number = NUMBER_FORMS.get(word);
    // A number counts as changed too: titles write sequels as "II", which the exact passes cannot match to "2".
    if (number !== undefined || DIGITS.test(word)) changed = true;
    words.push(number ?? word);
  }
  return { words, changed };
}

/** The word index as plain data (one string and typed arrays), built in the title-index worker. */
export interface WordIndexData {
  /** Distinct canonical words in code-unit order, concatenated. */
  vocabulary: string;
  /** Start of each word in `vocabulary`; entry `wordCount` is its length. */
  wordStart: Int32Array<ArrayBuffer>;
  /** Letters present in each word (see letterMask). */
  letters: Uint32Array<ArrayBuffer>;
  /** Start of each word's items in `postingItems`; entry `wordCount` is its length. */
  postingStart: Int32Array<ArrayBuffer>;
  /** Items containing each word, ascending, each once. */
  postingItems: Int32Array<ArrayBuffer>;
}

/** Build the word index from each item's canonical words. */
export function buildWordIndexData(itemWords: readonly (readonly string[])[]): WordIndexData {
  const itemsByWord = new Map<string, number[]>();
  itemWords.forEach((words, item) => {
    for (const word of words) {
      const items = itemsByWord.get(word);
      if (!items) itemsByWord.set(word, [item]);
      else if (items[items.length - 1] !== item) items.push(item);
    }
  });
  const vocabularyWords = [...itemsByWord.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const wordCount = vocabularyWords.length;
  const wordStart = new Int32Array(wordCount + 1);
  const letters = new Uint32Array(wordCount);
  const postingStart = new Int32Array(wordCount + 1);
  let postingCount = 0;
  let length = 0;
  vocabularyWords.forEach((word, at) => {
    wordStart[at] = length;
    length += word.length;
    letters[at] = letterMask(word, word.length);
    postingStart[at] = postingCount;
    postingCount += itemsByWord.get(word)!.length;
  });
  wordStart[wordCount] = length;
  postingStart[wordCount] = postingCount;
  const postingItems = new Int32Array(postingCount);
  vocabularyWords.forEach((word, at) => postingItems.set(itemsByWord.get(word)!, postingStart[at]));
  return { vocabulary: vocabularyWords.join(''), wordStart, letters, postingStart, postingItems };
}

/** One bit per letter a-z, digits share five bits, anything else bit 31: a cheap lower bound on edits. */
function letterMask(word: string, length: number): number {
  let mask = 0;
  for (let at = 0; at < length; at++) {
    const code = word.charCodeAt(at);
    if (code >= 97 && code <= 122) mask |= 1 << (code - 97);
    else if (code >= 48 && code <= 57) mask |= 1 << (26 + (code % 5));
    else mask |= 1 << 31;
  }
  return mask >>> 0;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0xf0f0f0f) * 0x1010101) >>> 24;
}

/** How many edits a query word of this length may have: none up to 2 letters, 1 up to 5, else 2. */
export function allowedEdits(length: number): number {
  if (length > MAX_FUZZY_WORD) return 0;
  return length <= 2 ? 0 : length <= 5 ? 1 : 2;
}

/** Called for each item that has every query word: `cost` = 2 x edits, +1 per word matched only as a prefix. */
export type WordMatchVisitor = (item: number, cost: number) => void;

/** A word matcher over built data; its scratch arrays are allocated once. */
export function wordMatcherFromData(data: WordIndexData, itemCount: number) {
  const { vocabulary, wordStart, letters, postingStart, postingItems } = data;
  const wordCount = wordStart.length - 1;
  const stamp = new Uint32Array(itemCount);
  const wordsFound = new Uint16Array(itemCount);
  const itemCost = new Uint16Array(itemCount);
  const rows = [0, 1, 2].map(() => new Int32Array(MAX_FUZZY_WORD + 4));
  let queryNumber = 0;

  /** First vocabulary index whose word is >= `text` (code-unit order, as built). */
  function lowerBound(text: string): number {
    let low = 0;
    let high = wordCount;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareWord(middle, text) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
  function compareWord(word: number, text: string): number {
    const start = wordStart[word];
    const length = wordStart[word + 1] - start;
    const shared = Math.min(length, text.length);
    for (let at = 0; at < shared; at++) {
      const difference = vocabulary.charCodeAt(start + at) - text.charCodeAt(at);
      if (difference !== 0) return difference;
    }
    return length - text.length;
  }

  /**
   * Edits between `query` and vocabulary word `word` (or its best prefix when `prefix`), or maxEdits + 1 when more.
   * Optimal string alignment distance, rows over the word, stopped once a whole row exceeds maxEdits.
   */
  function distance(query: string, word: number, maxEdits: number, prefix: boolean): number {
    const start = wordStart[word];
    const wordLength = wordStart[word + 1] - start;
    const columns = prefix ? Math.min(wordLength, query.length + maxEdits) : wordLength;
    let [before, previous, current] = rows;
    for (let column = 0; column <= columns; column++) previous[column] = column;
    for (let row = 1; row <= query.length; row++) {
      const queryCode = query.charCodeAt(row - 1);
      current[0] = row;
      let rowBest = row;
      for (let column = 1; column <= columns; column++) {
        const wordCode = vocabulary.charCodeAt(start + column - 1);
        const substitution = previous[column - 1] + (queryCode === wordCode ? 0 : 1);
        let best = Math.min(substitution, previous[column] + 1, current[column - 1] + 1);
        if (
          row > 1 &&
          column > 1 &&
          queryCode === vocabulary.charCodeAt(start + column - 2) &&
          query.charCodeAt(row - 2) === wordCode
        ) {
          best = Math.min(best, before[column - 2] + 1);
        }
        current[column] = best;
        if (best < rowBest) rowBest = best;
      }
      if (rowBest > maxEdits) return maxEdits + 1;
      [before, previous, current] = [previous, current, before];
    }
    if (!prefix) return previous[columns];
    let best = previous[columns];
    for (let column = Math.max(0, query.length - maxEdits); column < columns; column++) {
      best = Math.min(best, previous[column]);
    }
    return best;
  }

  /** Vocabulary words matching `query` with their costs, cheapest first. */
  function matchingWords(query: string, maxEdits: number, prefix: boolean): { word: number; cost: number }[] {
    const found: { word: number; cost: number }[] = [];
    if (maxEdits === 0 || query.length > MAX_FUZZY_WORD) {
      // Exactly this word, or (as a prefix) every word starting with it.
      for (let word = lowerBound(query); word < wordCount; word++) {
        const length = wordStart[word + 1] - wordStart[word];
        if (!vocabulary.startsWith(query, wordStart[word])) break;
        if (length === query.length) found.push({ word, cost: 0 });
        else if (prefix) found.push({ word, cost: 1 });
        else break;
      }
      return found.sort((a, b) => a.cost - b.cost);
    }
    const first = query[0];
    const queryLetters = letterMask(query, query.length);
    const end = lowerBound(String.fromCharCode(first.charCodeAt(0) + 1));
    for (let word = lowerBound(first); word < end; word++) {
      const length = wordStart[word + 1] - wordStart[word];
      if (!prefix && Math.abs(length - query.length) > maxEdits) continue;
      if (length < query.length - maxEdits) continue;
      if (bitCount(queryLetters & ~letters[word]) > maxEdits) continue;
      if (!prefix && bitCount(letters[word] & ~queryLetters) > maxEdits) continue;
      const whole = Math.abs(length - query.length) <= maxEdits ? distance(query, word, maxEdits, false) : maxEdits + 1;
      if (whole <= maxEdits) {
        found.push({ word, cost: 2 * whole });
        continue;
      }
      if (!prefix) continue;
      const start = distance(query, word, maxEdits, true);
      if (start <= maxEdits) found.push({ word, cost: 2 * start + 1 });
    }
    return found.sort((a, b) => a.cost - b.cost);
  }

  /**
   * Visit every item containing all `queryWords` (canonical), each within its allowed edits; the last word may be
   * the start of a title word when `lastIsPrefix`. `exactOnly` allows no edits (when fuzzy answers cannot rank).
   */
  function match(queryWords: readonly string[], lastIsPrefix: boolean, exactOnly: boolean, visit: WordMatchVisitor) {
    if (queryWords.length === 0 || itemCount === 0) return;
    queryNumber += 1;
    const candidates: number[] = [];
    for (let position = 0; position < queryWords.length; position++) {
      const query = queryWords[position];
      // A number is a sequel or a year: "2" is neither "3" nor the start of "2002".
      const number = DIGITS.test(query);
      const fuzzy = !exactOnly && !number && position < MAX_FUZZY_QUERY_WORDS;
      // Without edits only whole words can rank (a prefix match costs 1, which ranks below a full list).
      const prefix = lastIsPrefix && !exactOnly && !number && position === queryWords.length - 1;
      const matches = matchingWords(query, fuzzy ? allowedEdits(query.length) : 0, prefix);
      if (matches.length === 0) return;
      for (const { word, cost } of matches) {
        for (let posting = postingStart[word]; posting < postingStart[word + 1]; posting++) {
          const item = postingItems[posting];
          if (position === 0) {
            if (stamp[item] === queryNumber) continue;
            stamp[item] = queryNumber;
            wordsFound[item] = 1;
            itemCost[item] = cost;
            candidates.push(item);
          } else if (stamp[item] === queryNumber && wordsFound[item] === position) {
            wordsFound[item] = position + 1;
            itemCost[item] += cost;
          }
        }
      }
    }
    for (const item of candidates) if (wordsFound[item] === queryWords.length) visit(item, itemCost[item]);
  }

  return { match };
}
