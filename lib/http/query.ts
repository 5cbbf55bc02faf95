import type { z } from 'zod';
import { AppError, validationError } from '@/lib/errors';

/** Query parameters as an object; a repeated parameter is an error rather than a silent pick. */
export function parseQuery<QS extends z.ZodType>(url: URL, schema: QS | undefined): z.output<QS> {
  const raw: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of url.searchParams) {
    if (Object.hasOwn(raw, key)) throw new AppError('bad_request', `Give ${key} once.`, { [key]: ['Repeated parameter'] });
    raw[key] = value;
  }
  if (!schema) {
    const unknown = Object.keys(raw);
    if (unknown.length > 0) {
      const name = unknown[0] as string;
      throw new AppError('bad_request', name === '' ? 'Unknown parameter with an empty name.' : `Unknown parameter ${name}.`, { [name]: [name === '' ? 'Unknown parameter with an empty name' : 'Unknown parameter'] });
    }
    return undefined as z.output<QS>;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
