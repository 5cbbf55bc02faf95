import { expect } from 'vitest';
import { AppError } from '@/lib/errors';

/** The AppError `fn` throws; fails the test when it throws anything else or nothing at all. */
export function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}
