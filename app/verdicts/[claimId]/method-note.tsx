import { methodNote, type RatingMethod } from '@/lib/insights/method-note';

/**
 * How the rating was reached, as the published version's snapshot froze it: counts, never names.
 * Versions published before the snapshot kept it show nothing rather than a guess from today's data.
 */
export function MethodNote({ method }: { method: RatingMethod | null }) {
  if (!method) return null;
  return (
    <section aria-labelledby="method-heading">
      <h2 id="method-heading">How we rated it</h2>
      <p className="method-note">{methodNote(method)}</p>
    </section>
  );
}
