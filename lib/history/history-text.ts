import type { BoundKind, ClaimStatus, LinkKind, Modality, RatingLabel, SourceKind, Stance } from '@/db/schema';
import { changedFields } from './conflicts';
import { formatDate, formatQuantity } from '../display/format';
import { LINK_LABELS, MODALITY_LABELS, SOURCE_KIND_LABELS, STATUS_LABELS } from '../display/labels';
import { ratingStep } from '../review/rating-scale';

export interface HistoryEventInput {
  id: number;
  action: string;
  entityType: string;
  entityId: number;
  before: unknown;
  after: unknown;
  createdAt: string;
  actorName: string | null;
  actorUserId?: number | null;
}

export interface HistoryLine {
  id: number;
  at: string;
  actor: string;
  text: string;
}

type Row = Record<string, unknown>;

const STANCE_WORDS: Record<Stance, string> = { supports: 'supporting', refutes: 'refuting', adds_context: 'context' };

function row(value: unknown): Row {
  return value && typeof value === 'object' ? (value as Row) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function rating(value: unknown): string {
  try {
    return ratingStep(value as RatingLabel).name.toLowerCase();
  } catch {
    return 'no rating';
  }
}

function quoted(value: unknown): string {
  const text = str(value);
  return text.length > 80 ? `“${text.slice(0, 77)}…”` : `“${text}”`;
}

function changed(before: Row, after: Row, keys: string[]): string[] {
  const edited = new Set(changedFields(before, after));
  return keys.filter((k) => edited.has(k));
}

/** "headline" / "explanation" / "citedEvidenceIds" → words for a sentence. */
const FIELD_WORDS: Record<string, string> = {
  headline: 'the headline',
  explanation: 'the explanation',
  articleUrl: 'the article URL',
  citedEvidenceIds: 'the cited evidence',
  url: 'the URL',
  title: 'the title',
  stance: 'the stance',
  note: 'the note',
  publisherId: 'the publisher',
  publishedOn: 'the date',
  quoteExact: 'the quote',
};

function figure(value: unknown): string {
  const q = row(value);
  return formatQuantity({ value: q.value as number | null, low: q.low as number | null, high: q.high as number | null, unit: str(q.unit), bound: q.bound as BoundKind });
}

/** What an edit did to a claim's quantity, in a phrase: added, removed, or changed (and how). */
function quantityChange(before: unknown, after: unknown): string {
  if (!before) return `added the figure ${figure(after)}`;
  if (!after) return `removed the figure ${figure(before)}`;
  const b = row(before);
  const a = row(after);
  const parts: string[] = [];
  if (figure(b) !== figure(a)) parts.push(`changed the figure from ${figure(b)} to ${figure(a)}`);
  if (b.modality !== a.modality) {
    parts.push(`changed the modality from ${MODALITY_LABELS[b.modality as Modality]?.toLowerCase()} to ${MODALITY_LABELS[a.modality as Modality]?.toLowerCase()}`);
  }
  if (b.measure !== a.measure) parts.push(`moved the figure from the measure “${str(b.measure)}” to “${str(a.measure)}”`);
  if ((b.asOf ?? null) !== (a.asOf ?? null)) parts.push(a.asOf ? `set the figure as of ${formatDate(str(a.asOf))}` : 'removed the figure’s as-of date');
  return parts.length > 0 ? listWords(parts) : 'edited the figure';
}

/** Each changed field of a claim edit as a phrase ("changed the date made from … to …"). */
function claimEditParts(before: Row, after: Row): string[] {
  const parts: string[] = [];
  if ('statement' in after) parts.push(`changed the statement to ${quoted(after.statement)}`);
  if ('claimant' in after) parts.push(`changed the claimant from ${str(row(before.claimant).name)} to ${str(row(after.claimant).name)}`);
  if ('claimedOn' in after) parts.push(`changed the date made from ${formatDate(str(before.claimedOn))} to ${formatDate(str(after.claimedOn))}`);
  if ('language' in after) parts.push(`changed the language from ${str(before.language)} to ${str(after.language)}`);
  if ('context' in after) parts.push(str(after.context) ? 'edited the context note' : 'removed the context note');
  if ('quantity' in after) parts.push(quantityChange(before.quantity, after.quantity));
  return parts;
}

/** Each changed field of a source edit as a phrase. */
function sourceEditParts(before: Row, after: Row): string[] {
  const parts: string[] = [];
  if ('name' in after) parts.push(`renamed it from ${quoted(before.name)} to ${quoted(after.name)}`);
  if ('kind' in after) {
    parts.push(`changed the kind from ${SOURCE_KIND_LABELS[before.kind as SourceKind]?.toLowerCase()} to ${SOURCE_KIND_LABELS[after.kind as SourceKind]?.toLowerCase()}`);
  }
  if ('url' in after) parts.push(!after.url ? 'removed the URL' : before.url ? `changed the URL to ${str(after.url)}` : `added the URL ${str(after.url)}`);
  if ('notes' in after) parts.push(str(after.notes) ? 'edited the notes' : 'removed the notes');
  return parts;
}

/** ", moving 2 appearances and 1 evidence item to claim 3": what a duplicate mark moved. */
function movedWords(after: Row, direction: 'to' | 'back from'): string {
  const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  const appearances = count(after.movedAppearanceIds);
  const evidence = count(after.movedEvidenceIds);
  if (appearances + evidence === 0) return '';
  const parts = [
    ...(appearances > 0 ? [`${appearances} ${appearances === 1 ? 'appearance' : 'appearances'}`] : []),
    ...(evidence > 0 ? [`${evidence} evidence ${evidence === 1 ? 'item' : 'items'}`] : []),
  ];
  return direction === 'to' ? `, moving ${listWords(parts)} to it` : `, moving ${listWords(parts)} back`;
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What a history line says of an event blind rating withholds (lib/review/blind-rating.ts): only that it happened. */
function withheldSentence(action: string, who: string): string {
  switch (action) {
    case 'assessment.create':
      return `${who} submitted an assessment (hidden until you submit yours).`;
    case 'assessment.update':
      return `${who} changed their assessment (hidden until you submit yours).`;
    case 'disagreement.open':
      return `${who} opened a disagreement between reviewers (hidden until you submit your assessment).`;
    case 'disagreement.open_auto':
      return 'A disagreement between reviewers opened automatically.';
    case 'disagreement.resolve':
      return `${who} resolved the disagreement between reviewers (hidden until you submit your assessment).`;
    case 'disagreement.reopen':
      return `${who} reopened the disagreement.`;
    case 'comment.create':
      return `${who} commented on the disagreement.`;
    case 'verdict_draft.save':
      return `${who} saved the verdict draft.`;
    default:
      return `${who}: ${action.replace(/[._]/g, ' ')}.`;
  }
}

/**
 * One audit event as a sentence a person reads ("Edith Editor changed the rating from mixed to
 * inaccurate"). An event marked `withheld` (blind rating, see lib/review/blind-rating.ts) arrives without
 * its before and after and is told only as having happened.
 */
export function describeHistoryEvent(event: HistoryEventInput & { withheld?: boolean }): HistoryLine {
  const who = event.actorName ?? 'Claimbench';
  const before = row(event.before);
  const after = row(event.after);
  const line = (text: string): HistoryLine => ({ id: event.id, at: event.createdAt, actor: who, text });
  if (event.withheld) return line(withheldSentence(event.action, who));

  switch (event.action) {
    case 'claim.create':
      return line(`${who} recorded the claim.`);
    case 'claim.update': {
      const parts = claimEditParts(before, after);
      return line(parts.length ? `${who} ${listWords(parts)}.` : `${who} saved the claim.`);
    }
    case 'source.create':
      return line(`${who} added the source.`);
    case 'source.update': {
      const parts = sourceEditParts(before, after);
      return line(parts.length ? `${who} ${listWords(parts)}.` : `${who} saved the source.`);
    }
    case 'appearance.create':
      return line(`${who} added an appearance: ${quoted(after.title)}.`);
    case 'quantity.create':
      return line(
        `${who} recorded the figure ${formatQuantity({ value: after.value as number | null, low: after.low as number | null, high: after.high as number | null, unit: str(after.unit), bound: after.bound as BoundKind })}.`,
      );
    case 'claim_link.create':
      return line(
        `${who} linked claims ${str(after.fromClaimId)} and ${str(after.toClaimId)} as ${LINK_LABELS[after.kind as LinkKind]?.toLowerCase() ?? 'related'}.`,
      );
    case 'evidence.create':
      return line(`${who} added ${STANCE_WORDS[after.stance as Stance] ?? ''} evidence ${quoted(after.title)}.`);
    case 'evidence.update': {
      const fields = changed(before, after, Object.keys(FIELD_WORDS)).map((k) => FIELD_WORDS[k] ?? k);
      return line(`${who} edited evidence ${quoted(after.title)}${fields.length ? ` (${listWords(fields)})` : ''}.`);
    }
    case 'evidence.retract':
      return line(`${who} retracted evidence ${quoted(after.title)}: ${str(after.retractionReason)}`);
    case 'assessment.create':
      return line(`${who} rated it ${rating(after.label)} with confidence ${str(after.confidence)}.`);
    case 'assessment.update':
      return line(
        `${who} changed the rating from ${rating(before.label)} to ${rating(after.label)} (confidence ${str(before.confidence)} → ${str(after.confidence)}).`,
      );
    case 'disagreement.open':
      return line(`${who} opened a disagreement: ${str(after.reason)}`);
    case 'disagreement.open_auto':
      return line(`A disagreement opened automatically: ${str(after.reason)}`);
    case 'disagreement.resolve':
      return line(`${who} resolved the disagreement: ${str(after.resolution)}`);
    case 'disagreement.reopen':
      return line(`${who} reopened the disagreement.`);
    case 'comment.create':
      return line(`${who} commented on the disagreement.`);
    case 'claim.review_state': {
      const parts: string[] = [];
      if (before.status !== after.status) {
        parts.push(`the status changed from ${STATUS_LABELS[before.status as ClaimStatus]?.toLowerCase()} to ${STATUS_LABELS[after.status as ClaimStatus]?.toLowerCase()}`);
      }
      if (before.disputed !== after.disputed) parts.push(after.disputed ? 'the claim is now disputed' : 'the claim is no longer disputed');
      const text = listWords(parts);
      return line(text ? `${text.charAt(0).toUpperCase()}${text.slice(1)}.` : 'The review state was updated.');
    }
    case 'verdict_draft.save': {
      const parts: string[] = [];
      if ((before.label ?? null) !== (after.label ?? null)) {
        parts.push(before.label ? `changed the rating from ${rating(before.label)} to ${rating(after.label)}` : `set the rating to ${rating(after.label)}`);
      }
      const fields = changed(before, after, ['headline', 'explanation', 'articleUrl', 'citedEvidenceIds']).map((k) => FIELD_WORDS[k] ?? k);
      if (fields.length) parts.push(`edited ${listWords(fields)}`);
      return line(parts.length ? `${who} ${listWords(parts)} of the verdict draft.` : `${who} saved the verdict draft.`);
    }
    case 'factcheck_link.create':
      return line(`${who} linked the fact-check ${quoted(after.title)}${str(after.publisherName) ? ` by ${str(after.publisherName)}` : ''}.`);
    case 'factcheck_link.delete':
      return line(`${who} unlinked the fact-check ${quoted(before.title)}${str(before.publisherName) ? ` by ${str(before.publisherName)}` : ''}.`);
    case 'claim.mark_duplicate':
      return line(`${who} marked claim ${event.entityId} a duplicate of claim ${str(after.keptClaimId)}${movedWords(after, 'to')}.`);
    case 'claim.unmark_duplicate':
      return line(`${who} unmarked claim ${event.entityId} as a duplicate of claim ${str(after.keptClaimId)}${movedWords(after, 'back from')}.`);
    case 'verdict.publish':
      return line(`${who} published verdict version ${str(after.versionNumber)}: ${rating(after.label)}, ${quoted(after.headline)}.`);
    case 'verdict.correct':
      return line(`${who} published a correction as version ${str(after.versionNumber)} (${rating(after.label)}): ${str(after.note)}`);
    case 'verdict.retract':
      return line(`${who} retracted the verdict as version ${str(after.versionNumber)}: ${str(after.note)}`);
    default:
      return line(`${who}: ${event.action.replace(/[._]/g, ' ')}.`);
  }
}
