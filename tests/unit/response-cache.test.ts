import { describe, expect, it } from 'vitest';
import { ResponseCache, type CachedBody } from '@/lib/http/response-cache';

function body(text: string): CachedBody {
  return { bytes: Buffer.from(text), type: 'application/json', etag: `W/"${text}"` };
}

describe('ResponseCache', () => {
  it('answers a key stored under the same data version', () => {
    const cache = new ResponseCache({ maxEntries: 10, maxBytes: 1000 });
    expect(cache.get('/a', '1.0')).toBeUndefined();
    cache.set('/a', '1.0', body('a'));
    expect(cache.get('/a', '1.0')?.etag).toBe('W/"a"');
    expect(cache.get('/b', '1.0')).toBeUndefined();
  });

  it('forgets everything once the data version changes, and does not bring it back', () => {
    const cache = new ResponseCache({ maxEntries: 10, maxBytes: 1000 });
    cache.set('/a', '1.0', body('a'));
    cache.set('/b', '1.0', body('b'));
    expect(cache.get('/a', '1.1')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.get('/b', '1.0')).toBeUndefined();
  });

  it('an answer computed under an older version replaces the newer entries rather than mixing with them', () => {
    const cache = new ResponseCache({ maxEntries: 10, maxBytes: 1000 });
    cache.set('/new', '2.0', body('new'));
    cache.set('/old', '1.0', body('old'));
    expect(cache.get('/new', '2.0')).toBeUndefined();
    expect(cache.get('/old', '2.0')).toBeUndefined();
  });

  it('drops the least recently used entry past the entry limit', () => {
    const cache = new ResponseCache({ maxEntries: 2, maxBytes: 1000 });
    cache.set('/a', '1', body('a'));
    cache.set('/b', '1', body('b'));
    expect(cache.get('/a', '1')).toBeDefined(); // /b is now the least recently used
    cache.set('/c', '1', body('c'));
    expect(cache.get('/b', '1')).toBeUndefined();
    expect(cache.get('/a', '1')).toBeDefined();
    expect(cache.get('/c', '1')).toBeDefined();
  });

  it('keeps the bytes held under the byte limit, and never keeps an answer over an eighth of it', () => {
    const cache = new ResponseCache({ maxEntries: 100, maxBytes: 80 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) cache.set(`/${key}`, '1', body(key.repeat(10)));
    expect(cache.size).toBeLessThanOrEqual(8);
    cache.set('/big', '1', body('x'.repeat(11)));
    expect(cache.get('/big', '1')).toBeUndefined();
    expect(cache.get('/e', '1')).toBeDefined();
    for (const key of 'fghijk') cache.set(`/${key}`, '1', body(key.repeat(10)));
    expect(cache.size).toBe(8);
    expect(cache.get('/a', '1')).toBeUndefined();
  });
});
