import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, csvHeader, csvRecord } from '@/lib/export/csv';

describe('csvField', () => {
  it('leaves plain text alone', () => {
    expect(csvField('Officials said 4000 troops.')).toBe('Officials said 4000 troops.');
    expect(csvField('plain words')).toBe('plain words');
    expect(csvField('')).toBe('');
  });

  it('quotes a field holding a comma', () => {
    expect(csvField('a,b')).toBe('"a,b"');
  });

  it('doubles quotes and quotes the field', () => {
    expect(csvField('He said "no"')).toBe('"He said ""no"""');
    expect(csvField('"')).toBe('""""');
  });

  it('quotes embedded line breaks of every kind and keeps them as they are', () => {
    expect(csvField('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\rtwo')).toBe('"one\rtwo"');
  });

  it('passes unicode through untouched', () => {
    expect(csvField('Київ — “quoted” 東京 😀')).toBe('Київ — “quoted” 東京 😀');
    expect(csvField('Zelensky’s, claim')).toBe('"Zelensky’s, claim"');
  });

  it.each([
    ['=', '=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+', '+1 555 0100', "'+1 555 0100"],
    ['-', '-5% inflation', "'-5% inflation"],
    ['@', '@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['tab', '\t=1+1', "'\t=1+1"],
    ['CR', '\r=1+1', `"'\r=1+1"`],
  ])('neutralises a cell starting with %s', (_name, input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('neutralises only at the start of the cell', () => {
    expect(csvField('1+1=2')).toBe('1+1=2');
    expect(csvField('user@example.org')).toBe('user@example.org');
  });

  it('writes numbers and booleans as they are, negative numbers included', () => {
    expect(csvField(42)).toBe('42');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(2.5)).toBe('2.5');
    expect(csvField(true)).toBe('true');
    expect(csvField(false)).toBe('false');
  });

  it('writes null, undefined and non-finite numbers as empty cells', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });
});

describe('csvRecord and csvHeader', () => {
  it('joins fields with commas and ends the record with CRLF', () => {
    expect(csvRecord([1, 'a,b', null, 'x'])).toBe('1,"a,b",,x\r\n');
  });

  it('starts the file with a UTF-8 byte-order mark before the header', () => {
    const header = csvHeader(['id', 'statement']);
    expect(header).toBe(`${CSV_BOM}id,statement\r\n`);
    expect([...new TextEncoder().encode(header).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
