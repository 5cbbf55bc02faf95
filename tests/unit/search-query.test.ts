import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_SEARCH_TOKENS, toFtsQuery } from '@/lib/claims/search-query';

// A bare FTS5 table with the production tokenizer: the real judge of whether a query is valid syntax.
const sqlite = new Database(':memory:');
sqlite.exec(
  "CREATE VIRTUAL TABLE t USING fts5(statement, tokenize='porter unicode61 remove_diacritics 2');" +
    "INSERT INTO t(statement) VALUES ('North Korean troops have been sent to Russia'), ('Foo-bar said: NEAR the end AND beyond');",
);
afterAll(() => sqlite.close());

const matches = (expression: string) =>
  sqlite.prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid').pluck().all(expression);

describe('toFtsQuery', () => {
  it('quotes each token, ANDs them and makes the last a prefix', () => {
    expect(toFtsQuery('north korean tro')).toBe('"north" AND "korean" AND "tro"*');
    expect(matches(toFtsQuery('north korean tro')!)).toEqual([1]);
  });

  it('keeps real words searchable, including stems and accents', () => {
    expect(matches(toFtsQuery('troop')!)).toEqual([1]);
    expect(matches(toFtsQuery('RUSSIA')!)).toEqual([1]);
    expect(matches(toFtsQuery('russiá')!)).toEqual([1]);
  });

  it.each([
    ['"', null],
    ['""""', null],
    ['*', null],
    ['(((', null],
    ['^', null],
    ['  \t\n ', null],
    ['', null],
    ['-- ; /* */', null],
  ])('returns null for %j, which has no word in it', (input, expected) => {
    expect(toFtsQuery(input)).toBe(expected);
  });

  it.each([
    'say "hello',
    'troops*',
    '*troops',
    'NEAR(troops russia)',
    'NEAR(',
    'troops AND OR NOT',
    'AND',
    'OR russia',
    'NOT',
    'statement:troops',
    'col:x',
    '^troops',
    '(troops',
    'troops))',
    '{statement}: troops',
    "troops' OR 1=1 --",
    'foo\u0000bar',
    'Foo-bar',
    '🙂 troops',
  ])('treats the syntax in %j as text', (input) => {
    const expression = toFtsQuery(input);
    expect(expression).not.toBeNull();
    expect(() => matches(expression!)).not.toThrow();
  });

  it('doubles quotes inside a token', () => {
    expect(toFtsQuery('say"hello')).toBe('"say""hello"*');
  });

  it('searches operator words as words, not operators', () => {
    expect(toFtsQuery('near and')).toBe('"near" AND "and"*');
    expect(matches(toFtsQuery('NEAR AND')!)).toEqual([2]);
    expect(matches(toFtsQuery('troops OR beyond')!)).toEqual([]);
  });

  it('searches a column filter as two words', () => {
    expect(matches(toFtsQuery('foo:bar')!)).toEqual([2]);
  });

  it('adds the prefix only to a last word of three letters or more', () => {
    expect(toFtsQuery('north ko')).toBe('"north" AND "ko"');
    expect(toFtsQuery('north kor')).toBe('"north" AND "kor"*');
    expect(toFtsQuery('foo-ba')).toBe('"foo-ba"');
  });

  it('matches a last word of six letters or more as a whole word, which the stemmer widens', () => {
    expect(toFtsQuery('north korea')).toBe('"north" AND "korea"*');
    expect(toFtsQuery('north troops')).toBe('"north" AND "troops"');
    expect(matches(toFtsQuery('troops')!)).toEqual([1]);
  });

  it('caps the number of tokens and the length of the input', () => {
    const many = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    expect(toFtsQuery(many)!.split(' AND ')).toHaveLength(MAX_SEARCH_TOKENS);

    const huge = 'troops '.repeat(2000);
    const expression = toFtsQuery(huge)!;
    expect(expression.length).toBeLessThan(300);
    expect(matches(expression)).toEqual([1]);
    expect(() => matches(toFtsQuery('x'.repeat(10_000))!)).not.toThrow();
  });

  it('never leaves half a surrogate pair at the cut', () => {
    const expression = toFtsQuery(`${'a'.repeat(199)}🙂`)!;
    expect(expression).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
