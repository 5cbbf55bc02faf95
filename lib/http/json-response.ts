/**
 * A JSON response that keeps its serialised body, so an idempotent POST can store exactly what it
 * sends inside the transaction that made the change (reading a Response body is asynchronous).
 */
export class JsonResponse extends Response {
  constructor(
    readonly bodyText: string,
    init: ResponseInit,
  ) {
    super(bodyText, init);
  }
}

export function jsonResponse(value: unknown, init: { status?: number; headers?: Record<string, string> } = {}): JsonResponse {
  return new JsonResponse(JSON.stringify(value), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json; charset=utf-8', ...init.headers },
  });
}
