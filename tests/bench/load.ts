import { createRequire } from 'node:module';
import os from 'node:os';
import { createRng } from './seed-claims';

/** What the HTTP benchmarks (api.ts, nginx.ts) share: autocannon, rotations, draining, the load average. */

/** The slice of autocannon's API used here (it ships no types). */
export interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  setupRequest?: (request: CannonRequest) => CannonRequest;
}
export interface CannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: { url: string; connections: number; duration: number; requests: CannonRequest[] }) => PromiseLike<CannonResult>;
export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** The items in a fixed shuffled order, cycled, so consecutive requests read different rows. */
export function rotation<T>(items: readonly T[], seed: number): () => T {
  const order = [...items];
  const rng = createRng(seed);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j] as T, order[i] as T];
  }
  let at = 0;
  return () => order[at++ % order.length] as T;
}

/**
 * Items picked by Zipf's law (s = 1) over a fixed shuffle: the first few of the shuffle very often,
 * the long tail rarely, as readers share a handful of verdicts widely. Same seed, same sequence.
 */
export function zipfPicker<T>(items: readonly T[], seed: number): () => T {
  const order = [...items];
  const rng = createRng(seed);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j] as T, order[i] as T];
  }
  const n = order.length;
  return () => order[Math.min(n - 1, Math.floor(Math.exp(rng() * Math.log(n + 1))) - 1)] as T;
}

/**
 * Requests autocannon gave up on at the end of a run are still queued in the server; one request
 * answered after them means they are done and cannot slow the next run down.
 */
export async function settle(url: string): Promise<void> {
  for (let i = 0; i < 2; i += 1) await (await fetch(url)).text();
}

/** The one-minute load average: how busy the shared machine was. */
export function loadAverage(): number {
  return os.loadavg()[0] ?? 0;
}
