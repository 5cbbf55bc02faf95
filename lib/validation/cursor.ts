import { z } from 'zod';
import { AppError } from '@/lib/errors';

/**
 * The one cursor codec behind every keyset-paginated list (the claims and sources pages, the
 * verdicts feed of the API). A cursor is the position a page starts after, as base64url JSON with
 * a version, so a list can change its position's fields without misreading an old link.
 */
const CURSOR_VERSION = 1;

export interface CursorFormat<Shape extends z.ZodRawShape> {
  /** The position's fields (besides the version). */
  fields: Shape;
  /** The longest cursor accepted: a bound on what a request can make the server decode. */
  maxLength: number;
  /** What the 400 tells the client to do instead. */
  hint: string;
}

export interface CursorCodec<Position> {
  encode(position: Position): string;
  /** The position, or an AppError('bad_request') naming the cursor field. */
  decode(cursor: string): Position;
}

export function cursorCodec<Shape extends z.ZodRawShape>(format: CursorFormat<Shape>): CursorCodec<z.infer<z.ZodObject<Shape>>> {
  type Position = z.infer<z.ZodObject<Shape>>;
  const payload = z.object({ v: z.literal(CURSOR_VERSION), ...format.fields });
  const alphabet = new RegExp(`^[A-Za-z0-9_-]{1,${format.maxLength}}$`);
  const invalid = () => new AppError('bad_request', 'The cursor is not valid.', { cursor: [format.hint] });
  return {
    encode(position) {
      return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, ...position })).toString('base64url');
    },
    decode(cursor) {
      // Buffer.from(…, 'base64url') skips characters outside the alphabet instead of failing.
      if (!alphabet.test(cursor)) throw invalid();
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      const parsed = payload.safeParse(decoded);
      if (!parsed.success) throw invalid();
      const { v: _version, ...position } = parsed.data as { v: number } & Position;
      return position as Position;
    },
  };
}

const PAGE_LINK_HINT = 'This page link is broken or out of date; start again from the first page.';

/** The claims list: the id of the claim a page starts after. */
export const claimCursor = cursorCodec({ fields: { id: z.number().int().positive() }, maxLength: 200, hint: PAGE_LINK_HINT });

/** The sources list: the (name, id) of the source a page starts after. A name of up to 200 characters fits. */
export const sourceCursor = cursorCodec({
  fields: { name: z.string().max(1000), id: z.number().int().positive() },
  maxLength: 1200,
  hint: PAGE_LINK_HINT,
});

/** The API's verdicts feed: the (updated_at, claim id) of the verdict a page starts after. */
export const verdictCursor = cursorCodec({
  fields: { t: z.string().max(40), id: z.number().int().positive() },
  maxLength: 200,
  hint: 'Use the next_cursor of a previous page',
});
