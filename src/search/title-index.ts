/**
 * As-you-type title search over a catalogue, built once and queried on every keystroke.
 *
 * Every title becomes a "compact" string: normalised words with the spaces removed ("theshawshankredemption1994"),
 * so "golden eye", "golden-eye" and "goldeneye" all match "GoldenEye". A per-character flag array remembers where
 * words started and ended, so whole-word and prefix matches still rank above matches inside a word. All compact
 * strings live in one haystack string: a query is one native `indexOf` sweep plus a little work per matching
 * title, with no allocation per title (1-3 ms for 60,000 titles; see tests/unit/search-speed.test.ts).
 * What that finds ranks first; then word-index.ts forgives typos, sequel numbers ("2" = "II"), "&"/"and" and
 * filler words, below every exact tier.
 *
 * Work per title and per query is linear and bounded: a title is indexed up to MAX_INDEXED_TITLE_CHARS and a query
 * is read up to MAX_QUERY_CHARS (MovieLens' longest titles are about 200 characters).
 */
import { LEADING_ARTICLES, normalizeTitle, splitTitle } from './normalize.ts';
import { TopK } from './top-k.ts';
import { buildWordIndexData, canonicalWords, wordMatcherFromData, type WordIndexData } from './word-index.ts';

/** Characters of a title that are indexed; the rest of a longer one is ignored. */
export const MAX_INDEXED_TITLE_CHARS = 1000;
/** Characters of a query that are searched for; the rest of a longer one is ignored. */
export const MAX_QUERY_CHARS = 200;

/** A built title index. */
export interface TitleIndex {
  /** Item indices of the best matches, best first; [] for a blank query. */
  search(query: string, limit: number): number[];
}

/**
 * How a title matched, best (lowest) first. Within a tier, more popular titles come first.
 * Tiers are strict so the order is predictable: an exact title always beats a more popular prefix match.
 */
const Tier = {
  /** The whole primary title (with or without its leading article or year). */
  Exact: 0,
  /** The title starts with the query, which ends on a word boundary ("toy story" in "Toy Story 2"). */
  StartWholeWord: 1,
  /** The title starts with the query, which ends inside a word ("toy sto"). */
  StartPrefix: 2,
  /** A later word starts with the query, which ends on a word boundary ("eye" in "Eye for an Eye"). */
  WordWholeWord: 3,
  /** A later word starts with the query ("fabul" in "Amélie (Le Fabuleux destin...)"). */
  WordPrefix: 4,
  /** The query runs together inside a word ("eye" in "GoldenEye"). */
  Inside: 5,
  /** Every query word is a whole title word once numbers, "&"/"and" and filler are made canonical ("star wars 2"). */
  CanonicalWords: 6,
  /** All query words are present but apart or out of order, each at a word start ("redemption shawshank"). */
  AllWordsAtStarts: 7,
  /** All query words are present somewhere. */
  AllWords: 8,
  /** Every query word is within a few typos of a title word; the tier grows with the typos (see word-index.ts). */
  Forgiving: 9,
} as const;

/** Bits of `boundaryFlags`, one byte per haystack character. */
const WORD_START = 1;
const WORD_END = 2;
/** Separates titles in the haystack; never part of a compact string or query. */
const SEPARATOR = '\n';

/**
 * A built index as plain data: one string and typed arrays, so it can be made in a worker and sent back with the
 * arrays' buffers transferred (src/search/title-index.worker.ts). Offsets are haystack positions (`itemStart`) or
 * distances from an item's start (all the others).
 */
export interface TitleIndexData {
  /** Every compact title followed by SEPARATOR, in item order. */
  haystack: string;
  /** Haystack position of each item's compact title; entry `itemCount` is the haystack length. */
  itemStart: Int32Array<ArrayBuffer>;
  /** Offset just after a leading article, or 0. */
  articleLength: Int32Array<ArrayBuffer>;
  /** Offset of the end of the primary title. */
  primaryEnd: Int32Array<ArrayBuffer>;
  /** Offset of the end of the primary title plus year, -1 when there is no year. */
  primaryYearEnd: Int32Array<ArrayBuffer>;
  /** Length of the whole compact title: typing all of it, alternatives included, is an exact match too. */
  fullEnd: Int32Array<ArrayBuffer>;
  /** WORD_START / WORD_END bits, one byte per haystack character. */
  boundaryFlags: Uint8Array<ArrayBuffer>;
  /** 0 for the most popular item (see rankByPopularity). */
  popularityRank: Int32Array<ArrayBuffer>;
  /** Canonical words of every title, for matching with typos. */
  words: WordIndexData;
}

/** Build the index. `popularity[i]` (e.g. rating count) breaks ties between equally good matches of item i. */
export function createTitleIndex(titles: readonly string[], popularity: ArrayLike<number>): TitleIndex {
  return titleIndexFromData(buildTitleIndexData(titles, popularity));
}

/** The per-title work of building an index (300-900 ms for 60,000 titles): run it in a worker. */
export function buildTitleIndexData(titles: readonly string[], popularity: ArrayLike<number>): TitleIndexData {
  const itemCount = titles.length;
  const itemStart = new Int32Array(itemCount + 1);
  const articleLength = new Int32Array(itemCount);
  const primaryEnd = new Int32Array(itemCount);
  const primaryYearEnd = new Int32Array(itemCount);
  const fullEnd = new Int32Array(itemCount);
  const pieces: string[] = [];
  /** Haystack positions of word starts and word ends, written into one flag array after the loop. */
  const wordStartPositions: number[] = [];
  const wordEndPositions: number[] = [];
  const itemWords: string[][] = [];
  let offset = 0;

  for (let item = 0; item < itemCount; item++) {
    const title = titles[item].slice(0, MAX_INDEXED_TITLE_CHARS);
    const parts = splitTitle(title);
    // All words in reading order (articles moved, year digits last); the primary title is a prefix of them.
    const words = splitWords(title);
    itemWords.push(canonicalWords(words).words);
    const compact = words.join('');
    let at = offset;
    for (const word of words) {
      wordStartPositions.push(at);
      at += word.length;
      wordEndPositions.push(at - 1);
    }
    const primaryWords = splitWords(parts.primary);
    const primaryCompact = primaryWords.join('');
    const primaryLength = compact.startsWith(primaryCompact) ? primaryCompact.length : compact.length;
    itemStart[item] = offset;
    articleLength[item] = primaryWords.length > 1 && LEADING_ARTICLES.has(primaryWords[0]) ? primaryWords[0].length : 0;
    primaryEnd[item] = primaryLength;
    primaryYearEnd[item] =
      parts.year && compact.startsWith(String(parts.year), primaryLength)
        ? primaryLength + String(parts.year).length
        : -1;
    fullEnd[item] = compact.length;
    pieces.push(compact);
    offset += compact.length + SEPARATOR.length;
  }
  itemStart[itemCount] = offset;

  const haystack = pieces.join(SEPARATOR) + SEPARATOR;
  const boundaryFlags = new Uint8Array(offset);
  for (const position of wordStartPositions) boundaryFlags[position] |= WORD_START;
  for (const position of wordEndPositions) boundaryFlags[position] |= WORD_END;
  const popularityRank = rankByPopularity(titles, popularity);
  const words = buildWordIndexData(itemWords);
  return {
    haystack,
    itemStart,
    articleLength,
    primaryEnd,
    primaryYearEnd,
    fullEnd,
    boundaryFlags,
    popularityRank,
    words,
  };
}

/** An index over built data; allocates only the per-query scratch array, so it is cheap on the main thread. */
export function titleIndexFromData(data: TitleIndexData): TitleIndex {
  const { haystack, itemStart, articleLength, primaryEnd, primaryYearEnd, fullEnd, boundaryFlags, popularityRank } =
    data;
  const itemCount = itemStart.length - 1;
  const wordMatcher = wordMatcherFromData(data.words, itemCount);
  /** Query number at which each item was last matched, so later passes skip it without a Set. */
  const matchedInQuery = new Uint32Array(itemCount);
  let queryNumber = 0;

  /** Tier of `needle` at the start of `item`'s title (or just after its leading article), or -1 if it is not there. */
  function startTier(item: number, needle: string): number {
    const atTitle = tierAtOffset(item, needle, 0);
    if (atTitle === Tier.Exact || articleLength[item] === 0) return atTitle;
    const afterArticle = tierAtOffset(item, needle, articleLength[item]);
    if (atTitle === -1 || afterArticle === -1) return Math.max(atTitle, afterArticle);
    return Math.min(atTitle, afterArticle);
  }

  /** Tier of `needle` when it starts `offset` characters into `item`'s compact title, or -1 if it is not there. */
  function tierAtOffset(item: number, needle: string, offset: number): number {
    const start = itemStart[item];
    if (!haystack.startsWith(needle, start + offset)) return -1;
    const matchEnd = offset + needle.length;
    if (matchEnd === primaryEnd[item] || matchEnd === primaryYearEnd[item] || matchEnd === fullEnd[item]) {
      return Tier.Exact;
    }
    return boundaryFlags[start + matchEnd - 1] & WORD_END ? Tier.StartWholeWord : Tier.StartPrefix;
  }

  /** Best tier among `needle`'s occurrences later in `item`, the first found at haystack position `position`. */
  function laterTier(item: number, needle: string, position: number): number {
    const end = itemStart[item + 1] - SEPARATOR.length;
    let best: number = Tier.Inside;
    for (let at = position; at !== -1 && at + needle.length <= end; at = haystack.indexOf(needle, at + 1)) {
      if ((boundaryFlags[at] & WORD_START) === 0) continue;
      if (boundaryFlags[at + needle.length - 1] & WORD_END) return Tier.WordWholeWord;
      best = Tier.WordPrefix;
    }
    return best;
  }

  /**
   * Whether `word` occurs in item: 2 at a word start, 1 only inside words, 0 not at all. Items must be asked about
   * in increasing order: `nextHits[slot]` caches the next occurrence, so each word's sweep is linear overall
   * (an unbounded indexOf per title would rescan the rest of the haystack for a rare word).
   */
  function wordPresence(item: number, word: string, nextHits: number[], slot: number): number {
    const end = itemStart[item + 1] - SEPARATOR.length;
    let at = nextHits[slot];
    if (at !== -1 && at < itemStart[item]) at = haystack.indexOf(word, itemStart[item]);
    let presence = 0;
    while (at !== -1 && at < end) {
      if (boundaryFlags[at] & WORD_START) {
        presence = 2;
        break;
      }
      presence = 1;
      at = haystack.indexOf(word, at + 1);
    }
    nextHits[slot] = at;
    return presence;
  }

  function search(fullQuery: string, limit: number): number[] {
    const query = fullQuery.slice(0, MAX_QUERY_CHARS);
    const queryWords = splitWords(query);
    const needle = queryWords.join('');
    if (needle.length === 0 || limit <= 0 || itemCount === 0) return [];
    queryNumber += 1;
    const best = new TopK(limit);

    // Pass 1: the query's characters run together somewhere in the title. Hits come in haystack order, so the
    // owning item is found by walking forward, and a title that cannot beat the current top `limit` is skipped
    // before its occurrences are examined (this keeps one-letter queries cheap).
    let item = 0;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, itemStart[item + 1])) {
      while (itemStart[item + 1] <= at) item++;
      matchedInQuery[item] = queryNumber;
      const rank = popularityRank[item];
      const tier = startTier(item, needle);
      if (tier !== -1) best.offer(item, tier * itemCount + rank);
      else if (best.wouldKeep(Tier.WordWholeWord * itemCount + rank)) {
        best.offer(item, laterTier(item, needle, at) * itemCount + rank);
      }
    }

    // Pass 2: several words, present apart or out of order. Sweep for the longest, check the others per title.
    // Its tiers are below every pass-1 tier, so it is skipped once pass 1 has filled the list.
    if (queryWords.length > 1 && best.wouldKeep(Tier.AllWordsAtStarts * itemCount)) {
      const sweepWord = queryWords.reduce((longest, word) => (word.length > longest.length ? word : longest));
      // nextHits[w]: the first occurrence of word w at or after the current title (or -1), moved forward only.
      const nextHits = queryWords.map(() => 0);
      item = 0;
      for (let at = haystack.indexOf(sweepWord); at !== -1; at = haystack.indexOf(sweepWord, itemStart[item + 1])) {
        while (itemStart[item + 1] <= at) item++;
        if (matchedInQuery[item] === queryNumber) continue;
        if (!best.wouldKeep(Tier.AllWordsAtStarts * itemCount + popularityRank[item])) continue;
        let allAtStarts = true;
        let allPresent = true;
        for (let word = 0; word < queryWords.length && allPresent; word++) {
          const presence = wordPresence(item, queryWords[word], nextHits, word);
          allPresent = presence > 0;
          if (presence < 2) allAtStarts = false;
        }
        if (!allPresent) continue;
        const tier = allAtStarts ? Tier.AllWordsAtStarts : Tier.AllWords;
        best.offer(item, tier * itemCount + popularityRank[item]);
      }
    }

    // Pass 3: canonical words, with typos when the exact passes left room. Items from pass 1 rank higher already;
    // pass-2 items may move up to CanonicalWords.
    const canonical = canonicalWords(queryWords);
    const roomForTypos = best.wouldKeep(Tier.Forgiving * itemCount);
    if (canonical.changed || roomForTypos) {
      const lastIsPrefix = !/[\s\p{P}]$/u.test(query);
      wordMatcher.match(canonical.words, lastIsPrefix, !roomForTypos, (item, cost) => {
        if (matchedInQuery[item] === queryNumber) return;
        const tier = cost === 0 ? Tier.CanonicalWords : Tier.Forgiving + cost;
        best.improve(item, tier * itemCount + popularityRank[item]);
      });
    }
    return best.items();
  }

  return { search };
}

/** Normalised words of a title part or query: "Golden-Eye" -> ["golden", "eye"]. */
function splitWords(text: string): string[] {
  const normalized = normalizeTitle(text);
  return normalized ? normalized.split(' ') : [];
}

/** Rank 0 for the most popular item; ties go to the shorter title, then the lower index. */
function rankByPopularity(titles: readonly string[], popularity: ArrayLike<number>): Int32Array<ArrayBuffer> {
  const order = Array.from(titles, (_title, item) => item);
  const weight = (item: number) => {
    const value = Number(popularity[item]);
    return Number.isFinite(value) ? value : 0;
  };
  order.sort((a, b) => weight(b) - weight(a) || titles[a].length - titles[b].length || a - b);
  const rank = new Int32Array(titles.length);
  order.forEach((item, position) => (rank[item] = position));
  return rank;
}
