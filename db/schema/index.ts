import { relations, sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import {
  ROLES,
  SOURCE_KINDS,
  CLAIM_STATUSES,
  BOUND_KINDS,
  MODALITIES,
  STANCES,
  RATING_LABELS,
  LINK_KINDS,
  DISAGREEMENT_KINDS,
  DISAGREEMENT_STATUSES,
  VERDICT_KINDS,
  API_SCOPES,
  DELIVERY_STATUSES,
} from '../enums';

export * from '../enums';

/**
 * Every table of SPEC.md section 2. Timestamps are ISO-8601 UTC strings (they sort as text);
 * calendar dates ("the date a claim was made") are YYYY-MM-DD. Editable rows carry `version`,
 * which every update must match and increment (see db/queries/*: optimistic concurrency).
 */

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
const createdAt = () => text('created_at').notNull().default(now);
const updatedAt = () => text('updated_at').notNull().default(now);
const version = () => integer('version').notNull().default(1);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    passwordHash: text('password_hash').notNull(),
    disabledAt: text('disabled_at'),
    /**
     * Session tokens carry the generation they were issued under; signing out and being disabled
     * move it on, so every token issued before stops working at its next request (JWTs are
     * otherwise valid until they expire). Not `version`: signing out is not an edit of the user.
     */
    sessionGeneration: integer('session_generation').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
  ],
);

export const sources = sqliteTable(
  'sources',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    url: text('url'),
    notes: text('notes').notNull().default(''),
    /**
     * How many claims this source made, kept by triggers on claims (migration 0005) in the same
     * transaction as every write, so the sources list shows it without counting.
     */
    claimCount: integer('claim_count').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('sources_name_kind_unique').on(t.name, t.kind),
    /** The sources list: by name (with the rowid, the keyset's tie-break), and by name within a kind. */
    index('sources_name_idx').on(t.name),
    index('sources_kind_name_idx').on(t.kind, t.name),
  ],
);

export const measures = sqliteTable(
  'measures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('measures_key_unique').on(t.key)],
);

export const claims = sqliteTable(
  'claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    statement: text('statement').notNull(),
    claimantId: integer('claimant_id')
      .notNull()
      .references(() => sources.id),
    claimedOn: text('claimed_on').notNull(),
    language: text('language').notNull().default('en'),
    context: text('context').notNull().default(''),
    status: text('status', { enum: CLAIM_STATUSES }).notNull().default('draft'),
    disputed: integer('disputed', { mode: 'boolean' }).notNull().default(false),
    articleUrl: text('article_url'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('claims_status_id_idx').on(t.status, t.id),
    index('claims_claimant_id_idx').on(t.claimantId, t.id),
    index('claims_disputed_id_idx').on(t.disputed, t.id),
    index('claims_updated_idx').on(t.updatedAt, t.id),
    /** The API's verdict feed: published (or retracted) claims, newest change first. */
    index('claims_public_updated_idx')
      .on(t.updatedAt, t.id)
      .where(sql`status IN ('published', 'retracted')`),
  ],
);

/** The optional quantity of a claim (at most one per claim). */
export const quantities = sqliteTable(
  'quantities',
  {
    claimId: integer('claim_id')
      .primaryKey()
      .references(() => claims.id, { onDelete: 'cascade' }),
    measureId: integer('measure_id')
      .notNull()
      .references(() => measures.id),
    value: real('value'),
    low: real('low'),
    high: real('high'),
    unit: text('unit').notNull(),
    bound: text('bound', { enum: BOUND_KINDS }).notNull(),
    modality: text('modality', { enum: MODALITIES }).notNull(),
    asOf: text('as_of'),
    version: version(),
  },
  (t) => [
    index('quantities_measure_idx').on(t.measureId),
    check('quantities_bounds_ordered', sql`${t.low} IS NULL OR ${t.high} IS NULL OR ${t.low} <= ${t.high}`),
  ],
);

export const appearances = sqliteTable(
  'appearances',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id),
    url: text('url').notNull(),
    title: text('title').notNull(),
    publisherId: integer('publisher_id').references(() => sources.id),
    publishedOn: text('published_on'),
    quote: text('quote').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('appearances_claim_idx').on(t.claimId, t.id), index('appearances_publisher_idx').on(t.publisherId)],
);

export const evidence = sqliteTable(
  'evidence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id),
    url: text('url').notNull(),
    title: text('title').notNull(),
    publisherId: integer('publisher_id').references(() => sources.id),
    publishedOn: text('published_on'),
    /** W3C TextQuoteSelector: exact, with a little context either side. */
    quoteExact: text('quote_exact').notNull().default(''),
    quotePrefix: text('quote_prefix').notNull().default(''),
    quoteSuffix: text('quote_suffix').notNull().default(''),
    stance: text('stance', { enum: STANCES }).notNull(),
    note: text('note').notNull().default(''),
    addedBy: integer('added_by')
      .notNull()
      .references(() => users.id),
    retractedAt: text('retracted_at'),
    retractedBy: integer('retracted_by').references(() => users.id),
    retractionReason: text('retraction_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('evidence_claim_idx').on(t.claimId, t.stance), index('evidence_publisher_idx').on(t.publisherId)],
);

/**
 * One row per rating ever given. The current one for (claim, reviewer) has superseded_at NULL;
 * a change inserts a new row and stamps the old one, so history is kept.
 */
export const assessments = sqliteTable(
  'assessments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => users.id),
    label: text('label', { enum: RATING_LABELS }).notNull(),
    confidence: integer('confidence').notNull(),
    rationale: text('rationale').notNull().default(''),
    createdAt: createdAt(),
    supersededAt: text('superseded_at'),
  },
  (t) => [
    uniqueIndex('assessments_current_unique')
      .on(t.claimId, t.reviewerId)
      .where(sql`superseded_at IS NULL`),
    index('assessments_reviewer_idx').on(t.reviewerId, t.claimId),
    check('assessments_confidence_range', sql`${t.confidence} BETWEEN 0 AND 100`),
  ],
);

export const assessmentCitations = sqliteTable(
  'assessment_citations',
  {
    assessmentId: integer('assessment_id')
      .notNull()
      .references(() => assessments.id),
    evidenceId: integer('evidence_id')
      .notNull()
      .references(() => evidence.id),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.evidenceId] })],
);

export const claimLinks = sqliteTable(
  'claim_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fromClaimId: integer('from_claim_id')
      .notNull()
      .references(() => claims.id),
    toClaimId: integer('to_claim_id')
      .notNull()
      .references(() => claims.id),
    kind: text('kind', { enum: LINK_KINDS }).notNull(),
    note: text('note').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('claim_links_unique').on(t.fromClaimId, t.toClaimId, t.kind),
    index('claim_links_to_idx').on(t.toClaimId),
    check('claim_links_not_self', sql`${t.fromClaimId} <> ${t.toClaimId}`),
  ],
);

export const disagreements = sqliteTable(
  'disagreements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id),
    kind: text('kind', { enum: DISAGREEMENT_KINDS }).notNull(),
    /** Why it opened, in words a person reads on the queue. */
    reason: text('reason').notNull(),
    relatedClaimId: integer('related_claim_id').references(() => claims.id),
    /**
     * What opened an automatic disagreement (e.g. the current assessment ids), so the same
     * divergence does not reopen after resolution unless the assessments change. Null when by hand.
     */
    triggerKey: text('trigger_key'),
    status: text('status', { enum: DISAGREEMENT_STATUSES }).notNull().default('open'),
    openedBy: integer('opened_by').references(() => users.id),
    openedAt: text('opened_at').notNull().default(now),
    resolution: text('resolution'),
    resolvedBy: integer('resolved_by').references(() => users.id),
    resolvedAt: text('resolved_at'),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('disagreements_status_opened_idx').on(t.status, t.openedAt),
    index('disagreements_claim_idx').on(t.claimId),
    // "Disagreements about this claim" is claim_id = ? OR related_claim_id = ?: an index on each side
    // lets SQLite answer it from both (MULTI-INDEX OR) instead of reading every disagreement.
    index('disagreements_related_idx').on(t.relatedClaimId),
    index('disagreements_trigger_idx').on(t.claimId, t.triggerKey),
  ],
);

export const disagreementComments = sqliteTable(
  'disagreement_comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    disagreementId: integer('disagreement_id')
      .notNull()
      .references(() => disagreements.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('disagreement_comments_thread_idx').on(t.disagreementId, t.id)],
);

/** The editor's working verdict before it is published (one per claim). */
export const verdictDrafts = sqliteTable('verdict_drafts', {
  claimId: integer('claim_id')
    .primaryKey()
    .references(() => claims.id),
  label: text('label', { enum: RATING_LABELS }),
  headline: text('headline').notNull().default(''),
  explanation: text('explanation').notNull().default(''),
  articleUrl: text('article_url'),
  /** Evidence the verdict will rest on; copied into verdict_citations when published. */
  citedEvidenceIds: text('cited_evidence_ids', { mode: 'json' }).$type<number[]>().notNull().default(sql`'[]'`),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: updatedAt(),
  version: version(),
});

/** Published verdict versions: never updated; a correction or retraction is the next version. */
export const verdicts = sqliteTable(
  'verdicts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id),
    versionNumber: integer('version_number').notNull(),
    kind: text('kind', { enum: VERDICT_KINDS }).notNull(),
    label: text('label', { enum: RATING_LABELS }).notNull(),
    headline: text('headline').notNull(),
    explanation: text('explanation').notNull(),
    articleUrl: text('article_url'),
    note: text('note'),
    /**
     * What this version shows, frozen when it is published: the claim as stated, the claimant,
     * the appearances and the cited evidence as they were (JSON; db/verdict-snapshot.ts
     * is its shape). The public page, ClaimReview, exports and the API read it instead of the live
     * rows, so a later edit reaches the public only through a correction. Migration 0011 (verdict_snapshots) built it
     * for versions published before it existed.
     */
    snapshot: text('snapshot').notNull().default('{}'),
    publishedBy: integer('published_by').references(() => users.id),
    publishedAt: text('published_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('verdicts_claim_version_unique').on(t.claimId, t.versionNumber),
    index('verdicts_published_idx').on(t.publishedAt, t.id),
  ],
);

export const verdictCitations = sqliteTable(
  'verdict_citations',
  {
    verdictId: integer('verdict_id')
      .notNull()
      .references(() => verdicts.id),
    evidenceId: integer('evidence_id')
      .notNull()
      .references(() => evidence.id),
  },
  (t) => [primaryKey({ columns: [t.verdictId, t.evidenceId] })],
);

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** The first characters of the key, shown to people so they can tell keys apart. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes', { mode: 'json' }).$type<(typeof API_SCOPES)[number][]>().notNull(),
    createdBy: integer('created_by').references(() => users.id),
    /**
     * The person the key acts for: its creator, until an admin reassigns it. When they are disabled
     * or lose the role that manages keys, the key is suspended (suspended_at) and refused; an admin
     * reassigning it to an active editor or admin re-activates it. Null: made on the command line.
     */
    ownerId: integer('owner_id').references(() => users.id),
    createdAt: createdAt(),
    /** Refused from this instant on; null = never expires. */
    expiresAt: text('expires_at'),
    lastUsedAt: text('last_used_at'),
    suspendedAt: text('suspended_at'),
    revokedAt: text('revoked_at'),
    version: version(),
  },
  (t) => [uniqueIndex('api_keys_prefix_unique').on(t.prefix), index('api_keys_owner_idx').on(t.ownerId)],
);

export const webhooks = sqliteTable('webhooks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  url: text('url').notNull(),
  /** Signing secret: needed in clear to sign deliveries; shown once, never returned again. */
  secret: text('secret').notNull(),
  events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
  version: version(),
});

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    webhookId: integer('webhook_id')
      .notNull()
      .references(() => webhooks.id),
    event: text('event').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull().default(now),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: text('delivered_at'),
  },
  (t) => [index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt)],
);

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    apiKeyId: integer('api_key_id')
      .notNull()
      .references(() => apiKeys.id),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    responseStatus: integer('response_status').notNull(),
    responseBody: text('response_body').notNull(),
    /** The answer's Location header (a 201's new resource), replayed with the body. */
    responseLocation: text('response_location'),
    createdAt: createdAt(),
  },
  // Keys expire after 24 hours (lib/http/idempotency.ts); the index finds the expired ones to delete.
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

/** Append-only: migrations add triggers that abort any UPDATE or DELETE. */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorApiKeyId: integer('actor_api_key_id').references(() => apiKeys.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id').notNull(),
    /** The claim the change belongs to, so a claim's history is one indexed read. */
    claimId: integer('claim_id'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_events_entity_idx').on(t.entityType, t.entityId),
    index('audit_events_claim_idx').on(t.claimId, t.id),
  ],
);

/** Organisation settings as key/value rows (name, url, required assessments, …). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
  version: version(),
});

/**
 * Sign-in counters (lib/auth/sign-in-limits.ts): one fixed window per key ('address:…', 'email:…',
 * 'device:…', 'global'), kept here so that a restart does not forgive them and every process that
 * serves the database counts together. Times in milliseconds since the epoch.
 */
export const signInCounters = sqliteTable(
  'sign_in_counters',
  {
    key: text('key').primaryKey(),
    windowStart: integer('window_start').notNull(),
    expiresAt: integer('expires_at').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('sign_in_counters_expires_idx').on(t.expiresAt)],
);

export const claimsRelations = relations(claims, ({ one, many }) => ({
  claimant: one(sources, { fields: [claims.claimantId], references: [sources.id] }),
  quantity: one(quantities),
  appearances: many(appearances),
  evidence: many(evidence),
  assessments: many(assessments),
}));

export const quantitiesRelations = relations(quantities, ({ one }) => ({
  claim: one(claims, { fields: [quantities.claimId], references: [claims.id] }),
  measure: one(measures, { fields: [quantities.measureId], references: [measures.id] }),
}));

export const appearancesRelations = relations(appearances, ({ one }) => ({
  claim: one(claims, { fields: [appearances.claimId], references: [claims.id] }),
  publisher: one(sources, { fields: [appearances.publisherId], references: [sources.id] }),
}));

export const evidenceRelations = relations(evidence, ({ one }) => ({
  claim: one(claims, { fields: [evidence.claimId], references: [claims.id] }),
}));

export const assessmentsRelations = relations(assessments, ({ one }) => ({
  claim: one(claims, { fields: [assessments.claimId], references: [claims.id] }),
}));

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Source = typeof sources.$inferSelect;
export type NewSource = typeof sources.$inferInsert;
export type Measure = typeof measures.$inferSelect;
export type Claim = typeof claims.$inferSelect;
export type NewClaim = typeof claims.$inferInsert;
export type Quantity = typeof quantities.$inferSelect;
export type NewQuantity = typeof quantities.$inferInsert;
export type Appearance = typeof appearances.$inferSelect;
export type NewAppearance = typeof appearances.$inferInsert;
export type Evidence = typeof evidence.$inferSelect;
export type Assessment = typeof assessments.$inferSelect;
export type ClaimLink = typeof claimLinks.$inferSelect;
export type Disagreement = typeof disagreements.$inferSelect;
export type Verdict = typeof verdicts.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
