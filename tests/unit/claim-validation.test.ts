import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldErrorsFromZod } from '@/lib/errors';
import { ClaimCreate, ClaimCreateForm, QuantityInput } from '@/lib/validation/claim';
import { dropEmptyStrings, latestToday, nestDottedKeys, typedNumber } from '@/lib/validation/fields';

/** A complete claim form as FormData would post it: flat, dotted names, every value a string. */
function form(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    statement: 'As many as 10,000 North Korean troops have been sent to Russia.',
    claimant: 'Pentagon',
    claimantKind: '',
    claimedOn: '2024-12-18',
    language: 'en',
    context: '',
    'appearance.url': 'https://example.org/story',
    'appearance.title': 'Pentagon briefing',
    'appearance.publisher': '',
    'appearance.publisherKind': '',
    'appearance.publishedOn': '',
    'appearance.quote': '',
    'quantity.measure': 'North Korean troops in Russia',
    'quantity.value': '',
    'quantity.low': '',
    'quantity.high': '10,000',
    'quantity.unit': 'troops',
    'quantity.bound': 'at_most',
    'quantity.modality': 'estimate',
    'quantity.asOf': '',
    ...overrides,
  };
}

/** Field → messages for an input the schema must refuse. */
function errorsOf(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const result = schema.safeParse(input);
  expect(result.success, 'expected the input to be refused').toBe(false);
  return result.success ? {} : fieldErrorsFromZod(result.error);
}

const yearAhead = () => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
};

describe('ClaimCreateForm', () => {
  it('parses flat dotted fields into the nested claim', () => {
    const parsed = ClaimCreateForm.parse(form());
    expect(parsed).toEqual({
      statement: 'As many as 10,000 North Korean troops have been sent to Russia.',
      claimant: 'Pentagon',
      claimedOn: '2024-12-18',
      language: 'en',
      context: '',
      appearance: { url: 'https://example.org/story', title: 'Pentagon briefing', quote: '' },
      quantity: {
        measure: 'North Korean troops in Russia',
        high: 10000,
        unit: 'troops',
        bound: 'at_most',
        modality: 'estimate',
      },
    });
  });

  it('leaves quantity out when its fields are all empty', () => {
    const parsed = ClaimCreateForm.parse(
      form({
        'quantity.measure': '',
        'quantity.high': '',
        'quantity.unit': ' ',
        'quantity.bound': '',
        'quantity.modality': '',
      }),
    );
    expect(parsed.quantity).toBeUndefined();
    expect('quantity' in parsed).toBe(false);
  });

  it('takes the claimant as a typed name, with a kind only to add a new source', () => {
    const parsed = ClaimCreateForm.parse(form({ claimant: '  Ministry of Defence ', claimantKind: 'government' }));
    expect(parsed.claimant).toBe('Ministry of Defence');
    expect(parsed.claimantKind).toBe('government');
    expect(ClaimCreateForm.parse(form()).claimantKind).toBeUndefined();
    expect(errorsOf(ClaimCreateForm, form({ claimantKind: 'planet' })).claimantKind).toBeDefined();
    expect(errorsOf(ClaimCreateForm, form({ claimant: 'x'.repeat(201) })).claimant?.[0]).toMatch(/200 characters/);
  });

  it('takes the publisher as a typed name too, and ignores the old select fields', () => {
    const parsed = ClaimCreateForm.parse(form({ 'appearance.publisher': 'Reuters', 'appearance.publisherKind': 'media', claimantId: '3' }));
    expect(parsed.appearance).toMatchObject({ publisher: 'Reuters', publisherKind: 'media' });
    expect('claimantId' in parsed).toBe(false);
  });

  it('asks for a claimant when none is given', () => {
    expect(errorsOf(ClaimCreateForm, form({ claimant: '' })).claimant).toEqual(['Enter the claimant']);
    expect(errorsOf(ClaimCreateForm, form({ claimant: '   ' })).claimant).toEqual(['Enter the claimant']);
  });

  it('reports the missing claimant together with the other invalid fields', () => {
    const errors = errorsOf(
      ClaimCreateForm,
      form({ claimant: '', statement: '', 'appearance.url': 'ftp://x', claimedOn: '2024-02-30' }),
    );
    expect(Object.keys(errors).sort()).toEqual(['appearance.url', 'claimant', 'claimedOn', 'statement']);
  });

  it('refuses an empty or over-long statement at statement', () => {
    expect(errorsOf(ClaimCreateForm, form({ statement: '   ' })).statement).toEqual(['Enter the statement']);
    const long = errorsOf(ClaimCreateForm, form({ statement: 'x'.repeat(1001) }));
    expect(long.statement?.[0]).toMatch(/1,000 characters/);
    expect(ClaimCreateForm.parse(form({ statement: 'x'.repeat(1000) })).statement).toHaveLength(1000);
  });

  it('refuses non-web appearance URLs at appearance.url', () => {
    for (const url of ['javascript:alert(1)', 'ftp://x', 'http://', 'https://', 'example.org', 'data:text/html,x']) {
      const errors = errorsOf(ClaimCreateForm, form({ 'appearance.url': url }));
      expect(Object.keys(errors), url).toEqual(['appearance.url']);
    }
    expect(ClaimCreateForm.parse(form({ 'appearance.url': ' HTTPS://Example.org/a?b=c ' })).appearance.url).toBe(
      'HTTPS://Example.org/a?b=c',
    );
  });

  it('refuses future and impossible dates at claimedOn', () => {
    expect(errorsOf(ClaimCreateForm, form({ claimedOn: yearAhead() })).claimedOn).toEqual([
      'The date cannot be in the future',
    ]);
    expect(errorsOf(ClaimCreateForm, form({ claimedOn: '2024-02-30' })).claimedOn).toEqual(['That date does not exist']);
    expect(errorsOf(ClaimCreateForm, form({ claimedOn: '2023-02-29' })).claimedOn).toBeDefined();
    expect(errorsOf(ClaimCreateForm, form({ claimedOn: '18/12/2024' })).claimedOn).toBeDefined();
    expect(errorsOf(ClaimCreateForm, form({ claimedOn: '' })).claimedOn).toBeDefined();
    expect(ClaimCreateForm.parse(form({ claimedOn: '2024-02-29' })).claimedOn).toBe('2024-02-29');
    expect(ClaimCreateForm.parse(form({ claimedOn: latestToday() })).claimedOn).toBe(latestToday());
  });

  it('accepts language tags such as pt-BR and refuses others', () => {
    expect(ClaimCreateForm.parse(form({ language: 'pt-BR' })).language).toBe('pt-BR');
    expect(ClaimCreateForm.parse(form({ language: 'zh-Hant' })).language).toBe('zh-Hant');
    expect(ClaimCreateForm.parse(form({ language: '' })).language).toBe('en');
    expect(errorsOf(ClaimCreateForm, form({ language: 'english!!' })).language).toBeDefined();
    expect(errorsOf(ClaimCreateForm, form({ language: 'e' })).language).toBeDefined();
  });

  it('reads a typed number with separators', () => {
    expect(ClaimCreateForm.parse(form({ 'quantity.high': '10,000' })).quantity?.high).toBe(10000);
    expect(ClaimCreateForm.parse(form({ 'quantity.high': '10 000' })).quantity?.high).toBe(10000);
    expect(errorsOf(ClaimCreateForm, form({ 'quantity.high': 'ten' }))['quantity.high']).toEqual(['Enter a number']);
  });

  it('refuses a publisher id that is not a positive whole number', () => {
    expect(errorsOf(ClaimCreateForm, form({ 'appearance.publisherId': '-2' }))['appearance.publisherId']).toBeDefined();
    expect(ClaimCreateForm.parse(form({ 'appearance.publisherId': '12' })).appearance.publisherId).toBe(12);
  });
});

describe('QuantityInput', () => {
  const base = { measure: 'Troops', unit: 'troops', modality: 'estimate' };

  it('needs low not above high, reported at low', () => {
    expect(errorsOf(QuantityInput, { ...base, bound: 'range', low: 12000, high: 8000 })).toEqual({
      low: ['The low bound must not be above the high bound'],
    });
    expect(QuantityInput.parse({ ...base, bound: 'range', low: 8000, high: 8000 })).toMatchObject({ low: 8000, high: 8000 });
  });

  it('needs the figure each bound speaks of', () => {
    expect(Object.keys(errorsOf(QuantityInput, { ...base, bound: 'at_most', low: 1 }))).toEqual(['high']);
    expect(Object.keys(errorsOf(QuantityInput, { ...base, bound: 'at_least', high: 1 }))).toEqual(['low']);
    expect(Object.keys(errorsOf(QuantityInput, { ...base, bound: 'range' })).sort()).toEqual(['high', 'low']);
    expect(Object.keys(errorsOf(QuantityInput, { ...base, bound: 'range', low: 1 }))).toEqual(['high']);
    expect(Object.keys(errorsOf(QuantityInput, { ...base, bound: 'exact' }))).toEqual(['value']);
    expect(Object.keys(errorsOf(QuantityInput, { ...base, bound: 'about' }))).toEqual(['value']);
  });

  it('refuses an unknown bound or modality', () => {
    expect(errorsOf(QuantityInput, { ...base, bound: 'roughly', value: 1 }).bound).toEqual(['Choose the kind of bound']);
    expect(errorsOf(QuantityInput, { ...base, modality: 'rumour', bound: 'exact', value: 1 }).modality).toEqual([
      'Choose the modality',
    ]);
  });

  it('reports errors at quantity.* inside a claim', () => {
    expect(errorsOf(ClaimCreateForm, form({ 'quantity.low': '20,000' }))['quantity.low']).toBeDefined();
    expect(errorsOf(ClaimCreateForm, form({ 'quantity.high': '' }))['quantity.high']).toBeDefined();
    const range = errorsOf(ClaimCreateForm, form({ 'quantity.bound': 'range', 'quantity.high': '' }));
    expect(Object.keys(range).sort()).toEqual(['quantity.high', 'quantity.low']);
  });
});

describe('ClaimCreate (JSON body)', () => {
  it('refuses a body that is not an object without crashing the claimant check', () => {
    for (const body of [null, 'text', 42]) expect(ClaimCreate.safeParse(body).success).toBe(false);
  });
});

describe('typedNumber', () => {
  it('strips thousands separators and refuses non-numbers', () => {
    expect(typedNumber.parse('1_000_000')).toBe(1000000);
    expect(typedNumber.parse(' 2.5 ')).toBe(2.5);
    expect(typedNumber.safeParse('Infinity').success).toBe(false);
    expect(typedNumber.safeParse('1e400').success).toBe(false);
    expect(typedNumber.safeParse('ten').success).toBe(false);
  });
  it.each(['', '  ', ',', '_', '0x10', '1e5', '--1'])('refuses %j as a number', (input) => {
    expect(typedNumber.safeParse(input).success).toBe(false);
  });
});

describe('nestDottedKeys', () => {
  it('nests dotted names', () => {
    expect(nestDottedKeys({ a: '1', 'b.c': '2', 'b.d.e': '3' })).toEqual({ a: '1', b: { c: '2', d: { e: '3' } } });
  });

  it('ignores __proto__, constructor and prototype keys, so nothing is polluted', () => {
    const out = nestDottedKeys({
      '__proto__.polluted': 'yes',
      'constructor.prototype.polluted': 'yes',
      'a.__proto__.polluted': 'yes',
      'prototype.polluted': 'yes',
      ok: '1',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(out).toEqual({ ok: '1' });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('survives a form whose own __proto__ key was parsed from JSON', () => {
    const raw = JSON.parse('{"__proto__": {"polluted": "yes"}, "statement": "x"}') as Record<string, string>;
    const out = nestDottedKeys(raw);
    expect(out).toEqual({ statement: 'x' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('dropEmptyStrings', () => {
  it('drops blank strings and groups left wholly empty', () => {
    expect(dropEmptyStrings({ a: '', b: ' ', c: 'x', d: { e: '' }, f: 0 })).toEqual({ c: 'x', f: 0 });
    expect(dropEmptyStrings({ a: '' })).toBeUndefined();
  });
});
