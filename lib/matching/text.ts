/**
 * From a piece of typed or pasted text to the words the matcher compares. Pure (no database), so
 * the claim form's client code and the tests can use it.
 *
 * Social-media text carries words that say nothing about the claim: links, "pic.twitter.com/…",
 * the "— Name (@handle) January 6, 2020" signature of an embedded tweet, @mentions. They are
 * removed; a hashtag keeps its words ("#NotMyPresident" → "not my president").
 */

import { porterStem } from './stem';

/** Common English function words: they match everything, so they rank nothing. */
const STOPWORDS = new Set(
  ('a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him ' +
    'himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other ' +
    'our ours ourselves out over own same she should so some such than that the their theirs them themselves then there ' +
    'these they this those through to too under until up very was we were what when where which while who whom why will ' +
    'with would you your yours yourself yourselves s t don didn doesn isn wasn aren weren won wouldn rt via amp just also ' +
    'get got like one us say says said said new')
    .split(' '),
);

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
/**
 * The date that closes an embedded tweet ("— Ilhan Omar (@IlhanMN) January 6, 2020"). The name
 * and handle stay: who posted is often who the claim is about.
 */
const TWEET_DATE = new RegExp(`\\)\\s*(?:${MONTHS})\\s+\\d{1,2},\\s+\\d{4}\\s*$`, 'u');

/** Removes what is not the claim: links, picture links, mentions, the embedded tweet's signature. */
export function cleanText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/pic\.twitter\.com\/\S*/giu, ' ')
    .replace(/(?:https?:\/\/|www\.)\S+/giu, ' ')
    .replace(TWEET_DATE, ")")
    .replace(/[@#](\p{L}[\p{L}\p{N}_]*)/gu, (_, tag: string) => ` ${splitHashtag(tag)} `);
}

/** "#NotMyPresident" → "Not My President", "#COVID19" → "COVID 19"; a lower-case tag stays one word. */
export function splitHashtag(tag: string): string {
  return tag
    .replace(/_/g, ' ')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2');
}

/** The words of a text, lower-cased and without diacritics, in order (stopwords kept). */
export function words(text: string): string[] {
  const plain = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  // Apostrophes join ("don't" → "dont"), as they do not split a word in the index's sense either.
  return plain.replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
}

export const isStopword = (word: string): boolean => STOPWORDS.has(word);

/** The content words of a text, stemmed: what matching compares. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((word) => !STOPWORDS.has(word) && (word.length > 1 || /\d/.test(word)))
    .map(porterStem);
}

/**
 * An FTS5 MATCH expression that ORs the given words, each as a quoted string, so nothing the text
 * holds (quotes, NEAR, column filters, `*`, `^`) is read as query syntax. Words are the output of
 * `words()` (letters and digits only); quoting is belt and braces.
 */
export function ftsOrQuery(terms: readonly string[]): string {
  return [...new Set(terms)].map((term) => `"${term.replace(/"/g, '""')}"`).join(' OR ');
}

const SEARCH_MINIMUM = 2;

/**
 * The words one index is searched with (lib/matching/find-similar.ts, SEARCH_BUDGET): the rarest
 * first, while the rows they hold together stay within `budget`, and at least SEARCH_MINIMUM of
 * them whatever they cost. `documentsWith` counts the index's rows holding a stem.
 */
export function searchWords(words: readonly string[], documentsWith: (stem: string) => number, budget: number): string[] {
  const byRarity = [...new Set(words)].map((word) => ({ word, rows: documentsWith(porterStem(word)) })).sort((a, b) => a.rows - b.rows);
  const chosen: string[] = [];
  let rows = 0;
  for (const { word, rows: more } of byRarity) {
    if (chosen.length >= SEARCH_MINIMUM && rows + more > budget) break;
    rows += more;
    chosen.push(word);
  }
  return chosen;
}
