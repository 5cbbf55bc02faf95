/** Longest input considered; the rest of a pasted paragraph is dropped. */
export const MAX_SEARCH_INPUT = 200;
/** Most tokens ANDed together; every one is another doclist FTS5 must intersect. */
export const MAX_SEARCH_TOKENS = 12;
/**
 * Last words of 3 to 5 characters match as prefixes ("sanc" finds "sanctions"), served by the
 * prefix index of the same lengths (migration 0001). Longer words match as whole words, where the
 * porter stemmer already finds their other forms ("troop" and "troops"); a prefix query on a long,
 * very common word would merge the doclists of every term it starts and cost tens of milliseconds
 * at a million claims, and a shorter prefix would read most of the index.
 */
export const MIN_PREFIX_LENGTH = 3;
export const MAX_PREFIX_LENGTH = 5;

const WORD_CHAR = /[\p{L}\p{N}]/u;
const CONTROL_CHARS = /\p{Cc}/gu;

/**
 * Turns whatever a person typed into a safe FTS5 MATCH expression. Every whitespace-separated token
 * becomes a quoted string, so FTS5 syntax in the input (quotes, `*`, `NEAR(`, AND/OR/NOT, `col:`,
 * `^`, parentheses) is only ever text; the tokenizer then splits it as it split the statements, so
 * `foo-bar` searches for the phrase "foo bar". Tokens are ANDed; the last one matches as a prefix,
 * so a word still being typed finds results (see MAX_PREFIX_LENGTH; an index of short texts, such
 * as source names, may allow other lengths). Returns null when there is nothing to search for.
 */
export function toFtsQuery(
  input: string,
  prefix: { min: number; max: number } = { min: MIN_PREFIX_LENGTH, max: MAX_PREFIX_LENGTH },
): string | null {
  const tokens = input
    .slice(0, MAX_SEARCH_INPUT)
    // The cut may split a surrogate pair; drop the orphaned half rather than send it to SQLite.
    .replace(/[\uD800-\uDBFF]$/u, '')
    .replace(CONTROL_CHARS, ' ')
    .split(/\s+/u)
    // A token with no letter or digit tokenizes to nothing, and FTS5 treats an empty phrase as
    // matching no row, which would empty the whole AND.
    .filter((token) => WORD_CHAR.test(token))
    .slice(0, MAX_SEARCH_TOKENS);
  if (tokens.length === 0) return null;

  return tokens
    .map((token, index) => {
      const quoted = `"${token.replace(/"/g, '""')}"`;
      const isLast = index === tokens.length - 1;
      const length = lastWordLength(token);
      return isLast && length >= prefix.min && length <= prefix.max ? `${quoted}*` : quoted;
    })
    .join(' AND ');
}

/** The prefix applies to the token's last word ("foo-ba" → "ba"), so that is the one to measure. */
function lastWordLength(token: string): number {
  const words = token.match(/[\p{L}\p{N}]+/gu) ?? [];
  return Array.from(words.at(-1) ?? '').length;
}

/**
 * What a search's matched words are wrapped in: private-use code points, which the claims page
 * splits on to render <mark> elements while React escapes the text. A statement that itself
 * contains one gets no highlighting rather than a wrong one.
 */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';
