import { describe, expect, it } from 'vitest';
import { RateLimiter } from '@/lib/http/rate-limit';

/** A limiter on a hand-driven clock. */
function limiter(limit: number, windowMs: number) {
  let now = 1_700_000_000_000;
  const rl = new RateLimiter({ limit, windowMs }, () => now);
  return { rl, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('allows up to the limit, counting down remaining, then refuses', () => {
    const { rl } = limiter(3, 60_000);
    expect(rl.hit('a')).toMatchObject({ allowed: true, remaining: 2 });
    expect(rl.hit('a')).toMatchObject({ allowed: true, remaining: 1 });
    expect(rl.hit('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(rl.hit('a')).toMatchObject({ allowed: false, remaining: 0 });
    expect(rl.hit('a')).toMatchObject({ allowed: false, remaining: 0 });
  });

  it('keeps keys apart', () => {
    const { rl } = limiter(1, 60_000);
    expect(rl.hit('a').allowed).toBe(true);
    expect(rl.hit('a').allowed).toBe(false);
    expect(rl.hit('b').allowed).toBe(true);
  });

  it('reports retryAfterSeconds as the whole seconds left in the window, at least 1', () => {
    const { rl, advance } = limiter(1, 60_000);
    rl.hit('a');
    expect(rl.hit('a').retryAfterSeconds).toBe(60);
    advance(20_500);
    expect(rl.hit('a').retryAfterSeconds).toBe(40); // 39.5 s left, rounded up
    advance(39_400);
    expect(rl.hit('a').retryAfterSeconds).toBe(1); // 0.1 s left
  });

  it('opens a fresh window once windowMs has passed', () => {
    const { rl, advance } = limiter(2, 10_000);
    rl.hit('a');
    rl.hit('a');
    expect(rl.hit('a').allowed).toBe(false);
    advance(9_999);
    expect(rl.hit('a').allowed).toBe(false);
    advance(1);
    expect(rl.hit('a')).toMatchObject({ allowed: true, remaining: 1, retryAfterSeconds: 10 });
    expect(rl.hit('a').allowed).toBe(true);
    expect(rl.hit('a').allowed).toBe(false);
  });

  it('peek reports without counting', () => {
    const { rl } = limiter(2, 60_000);
    expect(rl.peek('a')).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
    for (let i = 0; i < 5; i += 1) rl.peek('a');
    expect(rl.hit('a')).toMatchObject({ allowed: true, remaining: 1 });
    expect(rl.peek('a')).toMatchObject({ allowed: true, remaining: 1 });
    expect(rl.hit('a')).toMatchObject({ allowed: true, remaining: 0 });
    // At the limit: peek says a further hit would be refused, and the hit agrees.
    const peeked = rl.peek('a');
    expect(peeked.allowed).toBe(false);
    expect(peeked.retryAfterSeconds).toBeGreaterThan(0);
    expect(rl.hit('a').allowed).toBe(false);
  });

  it('peek on an expired window reports a fresh one', () => {
    const { rl, advance } = limiter(1, 1_000);
    rl.hit('a');
    expect(rl.peek('a').allowed).toBe(false);
    advance(1_000);
    expect(rl.peek('a')).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 });
  });

  it('reset clears a key, and only that key', () => {
    const { rl } = limiter(1, 60_000);
    rl.hit('a');
    rl.hit('b');
    expect(rl.hit('a').allowed).toBe(false);
    rl.reset('a');
    expect(rl.hit('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(rl.hit('b').allowed).toBe(false);
  });
});
