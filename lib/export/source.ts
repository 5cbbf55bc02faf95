/**
 * What every export format is written through: a source gives the document in three parts, and
 * sourceStream turns it into a pull-based byte stream. It sits apart from stream.ts (which picks
 * the source for a query) so that a format's source, such as claimreview-feed.ts, can use these
 * without importing the module that imports it.
 */

/** A document produced in three parts: an opening, the rows batch by batch, a closing. */
export interface ExportSource {
  head: string;
  /** The text of the next batch of rows, or null when every row has been written. */
  next: () => string | null;
  tail: string;
}

/** A pull-based byte stream over a source: one batch per pull, at most one batch queued ahead. */
export function sourceStream(source: ExportSource, label: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        try {
          let text = started ? '' : source.head;
          started = true;
          // A batch may write nothing (every row in it filtered out); read on until text or the end.
          for (;;) {
            if (cancelled) return;
            const body = source.next();
            if (body === null) {
              text += source.tail;
              if (text) controller.enqueue(encoder.encode(text));
              controller.close();
              return;
            }
            text += body;
            if (text) break;
          }
          controller.enqueue(encoder.encode(text));
        } catch (error) {
          console.error(`Export ${label} failed part-way; ending the download with an error.`, error);
          controller.error(error);
        }
      },
      cancel() {
        // The client went away: stop reading (the next pull never comes, but be explicit).
        cancelled = true;
      },
    },
    new CountQueuingStrategy({ highWaterMark: 1 }),
  );
}
