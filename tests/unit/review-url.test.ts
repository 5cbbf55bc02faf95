import { describe, expect, it } from 'vitest';
import { MAX_REVIEW_URL, reviewUrlKey } from '@/lib/validation/review-url';

describe('reviewUrlKey: one key for every spelling of one review page', () => {
  it.each([
    ['HTTPS://Fact.Example.ORG/2024/10/claim-review/', 'https://fact.example.org/2024/10/claim-review'],
    ['https://fact.example.org/2024/10/claim-review#verdict', 'https://fact.example.org/2024/10/claim-review'],
    ['https://fact.example.org/a?utm_source=x&utm_MEDIUM=y&UTM_campaign=z', 'https://fact.example.org/a'],
    ['https://fact.example.org/a/?id=7&utm_source=x&lang=en#top', 'https://fact.example.org/a?id=7&lang=en'],
    ['https://fact.example.org/', 'https://fact.example.org'],
    ['https://fact.example.org', 'https://fact.example.org'],
    ['https://fact.example.org:443/a', 'https://fact.example.org/a'],
    ['http://fact.example.org:8080/a//', 'http://fact.example.org:8080/a'],
    ['  https://fact.example.org./a  ', 'https://fact.example.org/a'],
  ])('%s → %s', (input, key) => {
    expect(reviewUrlKey(input)).toBe(key);
  });

  it('keeps the scheme, the path’s case and the order of other parameters apart', () => {
    expect(reviewUrlKey('http://fact.example.org/a')).not.toBe(reviewUrlKey('https://fact.example.org/a'));
    expect(reviewUrlKey('https://fact.example.org/A')).not.toBe(reviewUrlKey('https://fact.example.org/a'));
    expect(reviewUrlKey('https://fact.example.org/a?b=1&c=2')).toBe('https://fact.example.org/a?b=1&c=2');
    // A parameter that merely contains "utm" is the page's own.
    expect(reviewUrlKey('https://fact.example.org/a?autumn=1&xutm_source=2')).toBe('https://fact.example.org/a?autumn=1&xutm_source=2');
  });

  it('gives the same key for spellings that differ only in what is dropped', () => {
    const keys = new Set(
      [
        'https://fact.example.org/review/123',
        'HTTPS://FACT.EXAMPLE.ORG/review/123/',
        'https://fact.example.org/review/123?utm_source=twitter#claim',
        'https://fact.example.org:443/review/123/#',
      ].map(reviewUrlKey),
    );
    expect([...keys]).toEqual(['https://fact.example.org/review/123']);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['not a url', 'no scheme'],
    ['javascript:alert(1)', 'javascript:'],
    ['ftp://fact.example.org/a', 'ftp:'],
    ['data:text/html,hi', 'data:'],
    ['file:///etc/passwd', 'file:'],
    ['https://', 'no host'],
    [`https://fact.example.org/${'a'.repeat(MAX_REVIEW_URL)}`, 'too long'],
  ])('refuses %j (%s)', (input) => {
    expect(reviewUrlKey(input)).toBeNull();
  });
});
