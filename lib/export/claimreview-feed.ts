import 'server-only';
import { listClaimReviewInputs } from '@/db/queries/claimreview';
import type { ExportFilter } from '@/db/queries/export';
import type { DbOrTx } from '@/db/open';
import { buildClaimReview, type ClaimReviewOrganisation } from '@/lib/verdicts/claimreview-jsonld';
import type { ExportSource } from './source';

export type Organisation = ClaimReviewOrganisation;

export const FEED_HEAD = '{"@context":"https://schema.org","@graph":[';
export const FEED_TAIL = '\n]}\n';

/**
 * The ClaimReview feed: one JSON-LD document whose @graph holds a ClaimReview per claim with a
 * live published verdict (retracted ones are left out), written a batch at a time — the opening,
 * then the items with commas between them, then the closing — so it is never whole in memory.
 *
 * A live verdict always belongs to a claim with status "published" (publishing sets it, and only a
 * retraction moves it on), so a status filter other than published yields an empty feed, and
 * published adds nothing to the verdict condition; countExportRows agrees with both.
 */
export function claimReviewFeedSource(
  db: DbOrTx,
  filter: ExportFilter,
  options: { batchSize: number; publicUrl: string; org: Organisation },
): ExportSource {
  let afterId = 0;
  let finished = filter.status !== undefined && filter.status !== 'published';
  let first = true;
  return {
    head: FEED_HEAD,
    next: () => {
      if (finished) return null;
      const inputs = listClaimReviewInputs(db, {
        afterId,
        limit: options.batchSize,
        updatedSince: filter.updatedSince,
        claimantId: filter.claimantId,
      });
      if (inputs.length < options.batchSize) finished = true;
      const last = inputs.at(-1);
      if (!last) return null;
      afterId = last.claim.id;
      let text = '';
      for (const input of inputs) {
        const review = buildClaimReview(input, options.org, options.publicUrl);
        if (!review) continue;
        // Each item sits inside the document's @context; its own copy would only repeat it.
        const { '@context': _context, ...item } = review;
        text += `${first ? '' : ','}\n${JSON.stringify(item)}`;
        first = false;
      }
      return text;
    },
    tail: FEED_TAIL,
  };
}
