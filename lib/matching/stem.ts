/**
 * The Porter stemmer (M. F. Porter, 1980), the algorithm SQLite's FTS5 `porter` tokenizer applies,
 * so the words the re-ranker compares are the words the index holds ("vaccines", "vaccinated" and
 * "vaccine" meet at "vaccin"). Pure; works on lower-case ASCII words and returns others unchanged.
 */

const isConsonant = (word: string, i: number): boolean => {
  const c = word[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
  if (c === 'y') return i === 0 ? true : !isConsonant(word, i - 1);
  return true;
};

/** m, the number of vowel-consonant sequences in stem[0..end). */
function measure(word: string, end: number): number {
  let n = 0;
  let i = 0;
  while (i < end && isConsonant(word, i)) i++;
  while (i < end) {
    while (i < end && !isConsonant(word, i)) i++;
    if (i >= end) break;
    n++;
    while (i < end && isConsonant(word, i)) i++;
  }
  return n;
}

const hasVowel = (word: string, end: number): boolean => {
  for (let i = 0; i < end; i++) if (!isConsonant(word, i)) return true;
  return false;
};

const doubleConsonant = (word: string, end: number): boolean =>
  end >= 2 && word[end - 1] === word[end - 2] && isConsonant(word, end - 1);

/** *o: the stem ends consonant-vowel-consonant, the last not w, x or y. */
const cvc = (word: string, end: number): boolean =>
  end >= 3 &&
  isConsonant(word, end - 3) &&
  !isConsonant(word, end - 2) &&
  isConsonant(word, end - 1) &&
  !['w', 'x', 'y'].includes(word[end - 1] as string);

/** Replaces `suffix` by `replacement` when the stem before it has measure > `minMeasure`. */
function replaceIf(word: string, suffix: string, replacement: string, minMeasure: number): string | null {
  if (!word.endsWith(suffix)) return null;
  const stemEnd = word.length - suffix.length;
  return measure(word, stemEnd) > minMeasure ? word.slice(0, stemEnd) + replacement : word;
}

const STEP2: [string, string][] = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['bli', 'ble'],
  ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'],
  ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'],
  ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
];
const STEP3: [string, string][] = [
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
];
const STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'];

function firstSuffix(word: string, table: [string, string][]): string {
  // The longest matching suffix decides, and only it is tried (Porter's rule).
  let best: [string, string] | null = null;
  for (const entry of table) if (word.endsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best ? (replaceIf(word, best[0], best[1], 0) ?? word) : word;
}

/**
 * Stems seen before: a query stems every word of fifty to a hundred candidates, mostly the same few
 * hundred words, and the stem of a word never changes. Bounded: emptied when it reaches STEM_CACHE.
 */
const stems = new Map<string, string>();
const STEM_CACHE = 50_000;

/** Porter's stem of a lower-case word (as SQLite FTS5's `porter` tokenizer gives it); memoised. */
export function porterStem(input: string): string {
  let stem = stems.get(input);
  if (stem === undefined) {
    if (stems.size >= STEM_CACHE) stems.clear();
    stem = stemWord(input);
    stems.set(input, stem);
  }
  return stem;
}

function stemWord(input: string): string {
  let w = input;
  if (w.length <= 2 || !/^[a-z]+$/.test(w)) return w;
  // Step 1a
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (!w.endsWith('ss') && w.endsWith('s')) w = w.slice(0, -1);
  // Step 1b
  let extra = false;
  if (w.endsWith('eed')) {
    if (measure(w, w.length - 3) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && hasVowel(w, w.length - 2)) {
    w = w.slice(0, -2);
    extra = true;
  } else if (w.endsWith('ing') && hasVowel(w, w.length - 3)) {
    w = w.slice(0, -3);
    extra = true;
  }
  if (extra) {
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
    else if (doubleConsonant(w, w.length) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
    else if (measure(w, w.length) === 1 && cvc(w, w.length)) w += 'e';
  }
  // Step 1c
  if (w.endsWith('y') && hasVowel(w, w.length - 1)) w = `${w.slice(0, -1)}i`;
  w = firstSuffix(w, STEP2);
  w = firstSuffix(w, STEP3);
  // Step 4
  let step4: string | null = null;
  for (const suffix of STEP4) if (w.endsWith(suffix) && (!step4 || suffix.length > step4.length)) step4 = suffix;
  if (step4) {
    const end = w.length - step4.length;
    const ok = step4 === 'ion' ? end > 0 && (w[end - 1] === 's' || w[end - 1] === 't') : true;
    if (ok && measure(w, end) > 1) w = w.slice(0, end);
  }
  // Step 5
  if (w.endsWith('e')) {
    const m = measure(w, w.length - 1);
    if (m > 1 || (m === 1 && !cvc(w, w.length - 1))) w = w.slice(0, -1);
  }
  if (measure(w, w.length) > 1 && doubleConsonant(w, w.length) && w.endsWith('l')) w = w.slice(0, -1);
  return w;
}
