import 'server-only';
import type { Db, Tx } from '@/db/open';
import { getLatestVerdict } from '@/db/queries/verdicts';
import type { Verdict } from '@/db/schema';
import { parseVerdictSnapshot, type SnapshotParty, type VerdictSnapshot } from '@/db/verdict-snapshot';
import { AppError } from '../errors';
import type { Stance } from '@/db/schema';
import { SOURCE_KIND_LABELS } from '../display/labels';
import { assertCan, type Actor } from '../auth/permissions';
import { ratingStep } from '../review/rating-scale';
import { diffWords, type DiffPart } from '../display/text-diff';
import type { VerdictCorrect } from '../validation/verdict';
import { takeVerdictSnapshot, withoutMethod } from './snapshot';
import {
  loadDraftAt,
  publishVersion,
  requireCitable,
  requireClaim,
  requireCompleteCorrection,
  saveDraftIn,
  UNCHANGED_CORRECTION,
} from './verdicts';
import { canCorrect } from '../review/claim-status';

/**
 * A correction is the edited verdict and the note announcing it, published together from one form
 * (issue 9): the editor reviews what changes against the published version, then publishes; the
 * draft is saved and the version published in one transaction, at the draft version the form was
 * read at. A correction that changes nothing is refused.
 */

/** One thing a correction changes, as the editor reviews it: the words removed and added. */
export interface CorrectionChange {
  field: 'rating' | 'headline' | 'explanation' | 'claim' | 'claimant' | 'appearances' | 'evidence';
  label: string;
  parts: DiffPart[];
}

export interface CorrectionReview {
  /** The published version being corrected. */
  versionNumber: number;
  changes: CorrectionChange[];
  note: string;
}

const STANCE_WORDS: Record<Stance, string> = { supports: 'Supports', refutes: 'Refutes', adds_context: 'Adds context' };

interface Prepared {
  latest: Verdict;
  changes: CorrectionChange[];
}

function partyText(party: SnapshotParty | null): string {
  return party ? `${party.name} (${SOURCE_KIND_LABELS[party.kind].toLowerCase()})` : 'unknown publisher';
}

function appearancesText(snapshot: VerdictSnapshot): string {
  return snapshot.appearances
    .map((a) => `${a.title} — ${a.url} — ${partyText(a.publisher)}, ${a.publishedOn ?? 'date unknown'}${a.quote ? `: “${a.quote}”` : ''}`)
    .join('\n');
}

function evidenceText(snapshot: VerdictSnapshot): string {
  return snapshot.evidence
    .map((e) => {
      const quote = e.quoteExact ? `: “${e.quoteExact}”` : '';
      return `${STANCE_WORDS[e.stance]}: ${e.title} — ${e.url} — ${partyText(e.publisher)}, ${e.publishedOn ?? 'date unknown'}${quote}`;
    })
    .join('\n');
}

/** What differs between the published version and the one the correction would publish. */
function changesBetween(
  latest: Verdict,
  next: { label: Verdict['label']; headline: string; explanation: string },
  snapshot: VerdictSnapshot,
): CorrectionChange[] {
  // The rating method is how the rating was reached, not what the version says (see sameSnapshot).
  const before = withoutMethod(parseVerdictSnapshot(latest.snapshot));
  const compared: [CorrectionChange['field'], string, string, string][] = [
    ['rating', 'Rating', ratingStep(latest.label).name, ratingStep(next.label).name],
    ['headline', 'Headline', latest.headline, next.headline],
    ['explanation', 'Explanation', latest.explanation, next.explanation],
    ['claim', 'Claim as published', `${before.claim.statement} (${before.claim.claimedOn})`, `${snapshot.claim.statement} (${snapshot.claim.claimedOn})`],
    ['claimant', 'Claimant', partyText(before.claimant), partyText(snapshot.claimant)],
    ['appearances', 'Appearances', appearancesText(before), appearancesText(snapshot)],
    ['evidence', 'Cited evidence', evidenceText(before), evidenceText(snapshot)],
  ];
  const changes = compared
    .filter(([, , a, b]) => a !== b)
    .map(([field, label, a, b]) => ({ field, label, parts: diffWords(a, b) }));
  // The texts above leave out nothing the snapshot holds but ids and quote context; compare those too.
  if (changes.length === 0 && JSON.stringify(before) !== JSON.stringify(snapshot)) {
    changes.push({ field: 'evidence', label: 'Cited evidence', parts: [{ kind: 'added', text: 'The quotes’ context or the items cited changed.' }] });
  }
  return changes;
}

function prepare(tx: Tx, actor: Actor, input: VerdictCorrect): Prepared {
  assertCan(actor, 'verdict:publish');
  const claim = requireClaim(tx, input.claimId);
  if (!canCorrect(claim.status)) throw new AppError('conflict', 'Only a published verdict can be corrected.');
  loadDraftAt(tx, claim.id, input.version);
  const latest = getLatestVerdict(tx, claim.id);
  if (!latest) throw new AppError('conflict', 'Only a published verdict can be corrected.');
  const next = { label: input.label ?? null, headline: input.headline, explanation: input.explanation };
  requireCompleteCorrection(next);
  const cited = [...new Set(input.citedEvidenceIds)];
  requireCitable(tx, claim.id, cited);
  const changes = changesBetween(latest, { ...next, label: input.label ?? latest.label }, takeVerdictSnapshot(tx, claim.id, cited));
  if (changes.length === 0) throw new AppError('unprocessable', UNCHANGED_CORRECTION, { _form: [UNCHANGED_CORRECTION] });
  return { latest, changes };
}

/** What the correction would change, for the editor to confirm; writes nothing. */
export function reviewCorrection(db: Db, actor: Actor, input: VerdictCorrect): CorrectionReview {
  // A read-only transaction: the checks and the snapshot see one state of the database.
  return db.transaction((tx) => {
    const { latest, changes } = prepare(tx, actor, input);
    return { versionNumber: latest.versionNumber, changes, note: input.note };
  });
}

/** Saves the edited draft and publishes it as the next version with its note, in one transaction. */
export function publishCorrection(db: Db, actor: Actor, input: VerdictCorrect): Verdict {
  return db.transaction((tx) => {
    const { latest } = prepare(tx, actor, input);
    const draft = saveDraftIn(tx, actor, input);
    const claim = requireClaim(tx, input.claimId);
    return publishVersion(
      tx,
      actor,
      claim,
      {
        kind: 'correction',
        label: draft.label ?? latest.label,
        headline: draft.headline,
        explanation: draft.explanation,
        // The CMS's report of where it published wins over the editor's draft guess.
        articleUrl: claim.articleUrl ?? draft.articleUrl ?? latest.articleUrl,
        note: input.note,
      },
      draft.citedEvidenceIds,
    );
  });
}
