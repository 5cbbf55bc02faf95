/**
 * Fixed-window counters kept in this process's memory. Claimbench runs as one Node process on one
 * SQLite file, so one process sees every request; a restart forgets the counts, which errs towards
 * letting people back in.
 */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

const MAX_KEYS = 50_000;

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly rule: RateLimitRule,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts one hit against key and says whether it is within the limit. */
  hit(key: string): RateLimitResult {
    const now = this.clock();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.rule.windowMs) {
      if (!window && this.windows.size >= MAX_KEYS) this.evictExpired(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + this.rule.windowMs - now) / 1000));
    return {
      allowed: window.count <= this.rule.limit,
      remaining: Math.max(0, this.rule.limit - window.count),
      retryAfterSeconds,
    };
  }

  /** Whether key is already over the limit, without counting a hit. */
  peek(key: string): RateLimitResult {
    const now = this.clock();
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.rule.windowMs) {
      return { allowed: true, remaining: this.rule.limit, retryAfterSeconds: 0 };
    }
    return {
      allowed: window.count < this.rule.limit,
      remaining: Math.max(0, this.rule.limit - window.count),
      retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.rule.windowMs - now) / 1000)),
    };
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private evictExpired(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.start >= this.rule.windowMs) this.windows.delete(key);
    }
    // Still full of live windows: drop the oldest rather than grow without bound.
    if (this.windows.size >= MAX_KEYS) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
  }
}
