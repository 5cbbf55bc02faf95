import 'server-only';
import { Readable } from 'node:stream';
import type { Db } from '@/db/open';
import {
  applyRatingMapping,
  findRatingMapping,
  insertRatingMapping,
  listLabelExamples,
  listRatingMappings,
  listUnmappedLabels,
  updateRatingMapping,
} from '@/db/queries/factcheck-mappings';
import { countFactchecks } from '@/db/queries/factchecks';
import { recordAuditEvent } from '@/db/queries/audit';
import type { RatingLabel, RatingMappingTarget } from '@/db/enums';
import { assertCan, auditActor, type Actor } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { ConflictError, staleVersionError } from '@/lib/history/conflicts';
import { FACTCHECK_UPLOAD_MAX_BYTES, type RatingMappingInput } from '@/lib/validation/factcheck-mapping';
import { proposeNumericMapping } from './proposals';
import { openFactcheckInput, UnknownFormatError } from './read';
import { importUnits, type Skip } from './write';

/**
 * Ratings are mapped, never guessed: editors keep a table per publisher and label; labels without
 * a row wait in the queue with counts and examples; saving a row maps every fact-check carrying
 * the label, in one transaction with its audit event. A numeric rating with its scale comes with
 * a PROPOSED label, which applies only when an editor saves it.
 */

export type { LabelKey } from '@/db/queries/factcheck-mappings';

const QUEUE_LIMIT = 100;
const EXAMPLES = 2;

export function loadFactcheckSettings(db: Db, actor: Actor) {
  assertCan(actor, 'factcheck:map');
  const queue = listUnmappedLabels(db, QUEUE_LIMIT).map((entry) => {
    const examples = listLabelExamples(db, entry, EXAMPLES);
    const numeric = examples.find((example) => example.ratingValue !== null && example.bestRating !== null);
    const proposal: RatingLabel | null = numeric ? proposeNumericMapping(numeric.ratingValue, numeric.worstRating, numeric.bestRating) : null;
    return { ...entry, publisherName: examples[0]?.publisherName ?? entry.publisherKey, ratingText: examples[0]?.ratingText ?? entry.ratingKey, examples, proposal, numeric: numeric ?? null };
  });
  return { mappings: listRatingMappings(db), queue, total: countFactchecks(db) };
}

export type FactcheckSettings = ReturnType<typeof loadFactcheckSettings>;

/** Maps one publisher's label (new or changed) and every fact-check carrying it; returns how many changed. */
export function setRatingMapping(db: Db, actor: Actor, input: RatingMappingInput): { factchecks: number } {
  assertCan(actor, 'factcheck:map');
  const key = { publisherKey: input.publisherKey, ratingKey: input.ratingKey };
  return db.transaction((tx) => {
    const existing = findRatingMapping(tx, key);
    let id: number;
    let version: number;
    if (existing === undefined) {
      if (input.version !== 0) throw new AppError('not_found', 'That mapping no longer exists; reload the page.');
      id = insertRatingMapping(tx, key, input.label, actor.id);
      version = 1;
    } else {
      if (input.version === 0) {
        throw new ConflictError(
          `Someone mapped “${input.ratingKey}” (${input.publisherKey}) to ${existing.label} while you were deciding, so your choice was not applied. Check the mapping below and change it there if needed.`,
          existing.version,
          [],
        );
      }
      if (input.version !== existing.version || !updateRatingMapping(tx, existing.id, input.version, input.label, actor.id)) {
        throw staleVersionError(tx, { type: 'rating_mapping', id: existing.id, label: 'mapping' }, input.version, existing.version);
      }
      id = existing.id;
      version = existing.version + 1;
    }
    const factchecks = applyRatingMapping(tx, key, input.label);
    recordAuditEvent(tx, {
      ...auditActor(actor),
      action: existing === undefined ? 'rating_mapping.create' : 'rating_mapping.update',
      entityType: 'rating_mapping',
      entityId: id,
      before: existing === undefined ? null : { label: existing.label, version: existing.version },
      after: { ...key, label: input.label satisfies RatingMappingTarget, version, factchecks },
    });
    return { factchecks };
  });
}

export interface UploadResult {
  message: string;
  skipped: Skip[];
}

/** An editor's upload: the same importer as the command line, for a file up to FACTCHECK_UPLOAD_MAX_BYTES. */
export async function importFactcheckUpload(db: Db, actor: Actor, file: unknown): Promise<UploadResult> {
  assertCan(actor, 'factcheck:import');
  if (!(file instanceof Blob) || file.size === 0) throw new AppError('bad_request', 'Choose a file to upload.', { file: ['Choose a file to upload'] });
  if (file.size > FACTCHECK_UPLOAD_MAX_BYTES) {
    const limit = `${Math.round(FACTCHECK_UPLOAD_MAX_BYTES / 1024)} KB`;
    throw new AppError('bad_request', `The file is larger than ${limit}.`, { file: [`Keep the file under ${limit}; import larger feeds with npm run factchecks:import`] });
  }
  const text = await file.text();
  let input;
  try {
    input = await openFactcheckInput('-', Readable.from([text]));
  } catch (error) {
    if (!(error instanceof UnknownFormatError)) throw error;
    const message = error.message.replace(/^Standard input/, 'The file');
    throw new AppError('bad_request', message, { file: [message] });
  }
  // Short batches without pauses: the file is small, and the request should not wait on sleeps.
  const counts = await importUnits(db, input.units, { actor, pauseMs: 0 });
  return {
    message: `${counts.added} added, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.skippedTotal} skipped.`,
    skipped: counts.skipped.slice(0, 20),
  };
}
