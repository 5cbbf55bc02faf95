import type { BoundKind, ClaimStatus, LinkKind, Modality, SourceKind } from '@/db/schema';

/** The words people read for each stored value. */
export const STATUS_LABELS: Record<ClaimStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  ready: 'Ready',
  published: 'Published',
  retracted: 'Retracted',
};

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  person: 'Person',
  government: 'Government body',
  organisation: 'Organisation',
  media: 'Media outlet',
  document: 'Document',
  dataset: 'Data set',
};

export const BOUND_LABELS: Record<BoundKind, string> = {
  exact: 'Exactly',
  at_most: 'At most',
  at_least: 'At least',
  about: 'About',
  range: 'Range',
};

export const MODALITY_LABELS: Record<Modality, string> = {
  reported_fact: 'Reported fact',
  estimate: 'Estimate',
  projection: 'Projection',
};

export const LINK_LABELS: Record<LinkKind, string> = {
  contradicts: 'Contradicts',
  supports: 'Supports',
  same_claim: 'Same claim',
  refines: 'Refines',
  same_measure: 'Same measure',
};
