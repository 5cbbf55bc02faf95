/** The stored vocabularies, free of any database code so browser components can import them. */
export const ROLES = ['reviewer', 'editor', 'admin'] as const;
export const SOURCE_KINDS = ['person', 'government', 'organisation', 'media', 'document', 'dataset'] as const;
export const CLAIM_STATUSES = ['draft', 'in_review', 'ready', 'published', 'retracted'] as const;
export const BOUND_KINDS = ['exact', 'at_most', 'at_least', 'about', 'range'] as const;
export const MODALITIES = ['reported_fact', 'estimate', 'projection'] as const;
export const STANCES = ['supports', 'refutes', 'adds_context'] as const;
export const RATING_LABELS = [
  'accurate',
  'mostly_accurate',
  'mixed',
  'mostly_inaccurate',
  'inaccurate',
  'unverifiable',
] as const;
/** What a publisher's rating label maps to: one of our labels, or nothing on our scale. */
export const RATING_MAPPING_TARGETS = [...RATING_LABELS, 'no_equivalent'] as const;
export const LINK_KINDS = ['contradicts', 'supports', 'same_claim', 'refines', 'same_measure'] as const;
export const DISAGREEMENT_KINDS = ['reviewers', 'sources'] as const;
export const DISAGREEMENT_STATUSES = ['open', 'resolved'] as const;
export const VERDICT_KINDS = ['publication', 'correction', 'retraction'] as const;
export const API_SCOPES = ['verdicts:read', 'claims:write', 'export:read', 'claims:read'] as const;
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
/** What the security log records (lib/auth/security-log.ts). */
export const SECURITY_EVENT_KINDS = ['sign_in', 'sign_in_failed', 'sign_out', 'password_change', 'sessions_ended', 'sign_on_account_created'] as const;

/** Each vocabulary's values as a type. */
export type Role = (typeof ROLES)[number];
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export type BoundKind = (typeof BOUND_KINDS)[number];
export type Stance = (typeof STANCES)[number];
export type Modality = (typeof MODALITIES)[number];
export type RatingLabel = (typeof RATING_LABELS)[number];
export type RatingMappingTarget = (typeof RATING_MAPPING_TARGETS)[number];
export type LinkKind = (typeof LINK_KINDS)[number];
export type VerdictKind = (typeof VERDICT_KINDS)[number];
export type ApiScopeName = (typeof API_SCOPES)[number];
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];
