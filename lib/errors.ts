import type { ZodError } from 'zod';
import { getEnv } from './env';

/** The one error taxonomy: a code, its HTTP status and problem+json shape, mapped here and nowhere else. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  unauthorized: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  payload_too_large: 'Body too large',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'Unprocessable request',
  rate_limited: 'Too many requests',
  internal: 'Something went wrong',
};

/**
 * What each problem type means, shown on /api-docs under the anchor its `type` URI points at
 * (problemTypeUri). The URIs point at this app's own documentation, not at a domain we do not hold.
 */
export const PROBLEM_EXPLANATIONS: Record<ErrorCode, string> = {
  bad_request: 'A parameter or the body is invalid. "errors" lists each field ("path") with what is wrong with it; nothing was changed.',
  unauthorized: 'The request needs an API key, or the key sent is malformed, unknown or revoked. Send "Authorization: Bearer <key>".',
  forbidden: 'The API key is valid but lacks the scope this route needs. Ask an editor for a key with that scope.',
  not_found: 'There is no such resource, or it is not visible to this caller (unpublished claims need a key).',
  method_not_allowed: 'The route exists but does not accept this HTTP method; see the "Allow" header.',
  conflict: 'The resource changed since it was read (its "version" no longer matches). Read it again and reapply the change.',
  payload_too_large: 'The body is larger than 64 KiB. Nothing was read or changed.',
  unsupported_media_type: 'The body must be sent as "application/json" (UTF-8).',
  unprocessable: 'The request is well-formed but cannot be applied as sent, for example an Idempotency-Key already used with a different body.',
  rate_limited: 'Too many requests for this key or address in the last minute. Wait for the number of seconds in "Retry-After".',
  internal: 'Something failed on the server. The request may be retried; if it keeps failing, tell the desk’s administrator.',
};

/** `bad_request` → `problem-bad-request`: the id of its explanation on /api-docs. */
export function problemAnchor(code: ErrorCode): string {
  return `problem-${code.replace(/_/g, '-')}`;
}

/** The problem+json `type` of a code: its explanation in this app's API documentation. */
export function problemTypeUri(code: ErrorCode): string {
  return `${getEnv().PUBLIC_URL}/api-docs#${problemAnchor(code)}`;
}

export function problemTitle(code: ErrorCode): string {
  return TITLES[code];
}

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: FieldErrors = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Turns zod issues into field → messages, with nested paths joined by dots ("quantity.low"). */
export function fieldErrorsFromZod(error: ZodError): FieldErrors {
  // No prototype: a field named "toString" or "__proto__" must be just another key.
  const out: FieldErrors = Object.create(null) as FieldErrors;
  for (const issue of error.issues) {
    // A strict object names the unknown keys in the issue, not in its path: name each as a field.
    if (issue.code === 'unrecognized_keys') {
      for (const unknown of issue.keys) {
        const name = [...issue.path, unknown].join('.');
        (out[name] ??= []).push(unknown === '' ? 'Unknown field or parameter with an empty name' : `Unknown field or parameter ${unknown}`);
      }
      continue;
    }
    // A list's items are one field of the form (checkboxes, cited ids): "scopes", not "scopes.0".
    const path = issue.path.filter((part) => typeof part !== 'number');
    const key = path.length > 0 ? path.join('.') : '_form';
    const messages = (out[key] ??= []);
    if (!messages.includes(issue.message)) messages.push(issue.message);
  }
  // A plain object again (keys like __proto__ stay ordinary fields): React and JSON accept only those.
  return { ...out };
}

export function validationError(error: ZodError): AppError {
  const fields = fieldErrorsFromZod(error);
  const names = Object.keys(fields).filter((k) => k !== '_form');
  const detail = names.length > 0 ? `Check ${names.map((name) => name || '"" (an empty name)').join(', ')}.` : (error.issues[0]?.message ?? 'Invalid input.');
  return new AppError('bad_request', detail, fields);
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** RFC 9457 problem details for any thrown value; unexpected errors are logged and made generic. */
export function toProblem(error: unknown): Problem {
  if (error instanceof AppError) {
    // A problem describes an HTTP request: what a form calls the whole form is its body here.
    const errors = Object.entries(error.fieldErrors).flatMap(([path, messages]) =>
      messages.map((message) => ({ path: path === '_form' ? 'body' : path, message })),
    );
    return {
      type: problemTypeUri(error.code),
      title: TITLES[error.code],
      status: error.status,
      detail: error.message,
      ...(errors.length > 0 ? { errors } : {}),
    };
  }
  console.error(error);
  return { type: 'about:blank', title: TITLES.internal, status: 500, detail: 'An unexpected error occurred.' };
}

export function problemResponse(error: unknown, init: { headers?: Record<string, string> } = {}): Response {
  const problem = toProblem(error);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json', ...init.headers };
  if (error instanceof AppError && error.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(error.retryAfterSeconds);
  }
  if (problem.status === 401) headers['www-authenticate'] ??= 'Bearer realm="claimbench"';
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
