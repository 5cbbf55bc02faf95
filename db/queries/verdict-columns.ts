import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { verdicts, type Verdict } from '../schema';

/**
 * A published verdict version's columns, named once for every reader: the workbench history
 * (verdicts.ts), the public page (public-verdicts.ts), ClaimReview (claimreview.ts) and the API feed
 * (api-verdicts.ts). Each reader takes this selection, or a part of it, so a column added to what a
 * version says is added in one place. Left out: the claim id, the frozen snapshot and who published it,
 * which only some readers need.
 */
export const verdictVersionColumns = {
  id: verdicts.id,
  versionNumber: verdicts.versionNumber,
  kind: verdicts.kind,
  label: verdicts.label,
  headline: verdicts.headline,
  explanation: verdicts.explanation,
  articleUrl: verdicts.articleUrl,
  note: verdicts.note,
  publishedAt: verdicts.publishedAt,
};

/** A version as verdictVersionColumns reads it. */
export type VerdictVersionFields = Pick<Verdict, keyof typeof verdictVersionColumns>;

const { id: _id, note: _note, ...content } = verdictVersionColumns;
/** What a version says, without its row id and correction note: what ClaimReview describes. */
export const verdictContentColumns = content;
export type VerdictContentFields = Pick<Verdict, keyof typeof verdictContentColumns>;

/**
 * A column of verdictVersionColumns on the version a hand-written join names `alias` (the API feed
 * joins the latest version as `v`), as SQL: `v.version_number`.
 */
export function versionColumnIn(alias: string, column: keyof typeof verdictVersionColumns): SQL {
  return sql.raw(`${alias}.${verdictVersionColumns[column].name}`);
}
