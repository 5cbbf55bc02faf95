import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { recordAuditEvent } from '../queries/audit';
import { externalFactchecks, ratingMappings, type NewExternalFactcheck, type RatingMappingTarget } from '../schema';

/**
 * Fact-checks "published elsewhere" for the demo's "Checked elsewhere" section: written for the demo
 * in the shape of real ClaimReview items, by made-up publishers on .example domains (no real
 * organisation's work is quoted or invented), about the article's troop claims. `link` names the
 * demo claim the desk has linked each to, if any; `mapped` the demo desk's mapping of the label.
 */
export interface DemoFactcheck {
  url: string;
  publisherName: string;
  publisherSite: string;
  title: string;
  claimText: string;
  claimant: string;
  claimDate: string;
  reviewDate: string;
  ratingText: string;
  rating: { value: number; best: number; worst: number } | null;
  language: string;
  mapped: RatingMappingTarget | null;
  link: string | null;
}

export const DEMO_FACTCHECKS: readonly DemoFactcheck[] = [
  {
    url: 'https://factdesk.example/fact-check/2024/10/31/north-korean-troops-russia-10000/',
    publisherName: 'Demo Fact Desk',
    publisherSite: 'factdesk.example',
    title: 'Has North Korea sent 10,000 troops to Russia? What the Pentagon said',
    claimText: 'North Korea has sent about 10,000 soldiers to Russia.',
    claimant: 'Posts on social media',
    claimDate: '2024-10-28',
    reviewDate: '2024-10-31',
    ratingText: 'Mostly true',
    rating: { value: 4, best: 5, worst: 1 },
    language: 'en',
    mapped: 'mostly_accurate',
    link: 'pentagon-troop-estimate',
  },
  {
    url: 'https://claimwatch.example/reviews/100000-north-korean-soldiers-ukraine',
    publisherName: 'Claim Watch (demo)',
    publisherSite: 'claimwatch.example',
    title: 'No evidence that 100,000 North Korean soldiers are already fighting in Ukraine',
    claimText: '100,000 North Korean soldiers are already fighting for Russia in Ukraine.',
    claimant: 'A widely shared Facebook post',
    claimDate: '2024-12-19',
    reviewDate: '2024-12-21',
    ratingText: 'Misleading',
    rating: null,
    language: 'en',
    mapped: null,
    link: null,
  },
  {
    url: 'https://verif.example/2024/12/17/soldats-nord-coreens-koursk',
    publisherName: 'Vérif Exemple',
    publisherSite: 'verif.example',
    title: 'Des soldats nord-coréens combattent-ils aux côtés de la Russie ?',
    claimText: 'Des soldats nord-coréens combattent aux côtés de l’armée russe dans la région de Koursk.',
    claimant: 'Publications sur X',
    claimDate: '2024-12-15',
    reviewDate: '2024-12-17',
    ratingText: 'Vrai',
    rating: null,
    language: 'fr',
    mapped: null,
    link: null,
  },
];

/** The item as a ClaimReview feed would have carried it (kept as the row's raw item). */
function claimReviewOf(item: DemoFactcheck) {
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: item.url,
    name: item.title,
    claimReviewed: item.claimText,
    datePublished: item.reviewDate,
    inLanguage: item.language,
    author: { '@type': 'Organization', name: item.publisherName, url: `https://${item.publisherSite}` },
    itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: item.claimant }, datePublished: item.claimDate },
    reviewRating: {
      '@type': 'Rating',
      alternateName: item.ratingText,
      ...(item.rating ? { ratingValue: item.rating.value, bestRating: item.rating.best, worstRating: item.rating.worst } : {}),
    },
  };
}

const ratingKeyOf = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Inserts the demo fact-checks (and the demo desk's mapping of the one mapped label) that are not
 * there yet, matched by review URL key, audited as done by the system. `urlKey` is the caller's
 * normalisation (lib/validation/review-url.ts). Returns each item's row id by its URL.
 */
export function insertDemoFactchecks(tx: DbOrTx, urlKey: (url: string) => string): { inserted: number; ids: Map<string, number> } {
  const ids = new Map<string, number>();
  let inserted = 0;
  for (const item of DEMO_FACTCHECKS) {
    const key = urlKey(item.url);
    const publisherKey = item.publisherSite.toLowerCase();
    const ratingKey = ratingKeyOf(item.ratingText);
    if (item.mapped && !tx.select({ id: ratingMappings.id }).from(ratingMappings).where(eq(ratingMappings.publisherKey, publisherKey)).get()) {
      const mapping = tx.insert(ratingMappings).values({ publisherKey, ratingKey, label: item.mapped, updatedBy: null }).returning().get();
      recordAuditEvent(tx, { actorUserId: null, action: 'rating_mapping.create', entityType: 'rating_mapping', entityId: mapping.id, after: mapping });
    }
    const found = tx.select({ id: externalFactchecks.id }).from(externalFactchecks).where(eq(externalFactchecks.urlKey, key)).get();
    if (found) {
      ids.set(item.url, found.id);
      continue;
    }
    const values: NewExternalFactcheck = {
      urlKey: key,
      url: item.url,
      publisherName: item.publisherName,
      publisherSite: item.publisherSite,
      publisherKey,
      title: item.title,
      claimText: item.claimText,
      claimant: item.claimant,
      claimDate: item.claimDate,
      reviewDate: item.reviewDate,
      ratingText: item.ratingText,
      ratingKey,
      ratingValue: item.rating?.value ?? null,
      bestRating: item.rating?.best ?? null,
      worstRating: item.rating?.worst ?? null,
      mappedLabel: item.mapped,
      language: item.language,
      raw: JSON.stringify(claimReviewOf(item)),
      contentHash: '',
    };
    values.contentHash = createHash('sha256').update(JSON.stringify({ ...values, contentHash: undefined })).digest('hex');
    const row = tx.insert(externalFactchecks).values(values).returning({ id: externalFactchecks.id }).get();
    recordAuditEvent(tx, { actorUserId: null, action: 'external_factcheck.create', entityType: 'external_factcheck', entityId: row.id, after: { id: row.id, url: item.url, title: item.title } });
    ids.set(item.url, row.id);
    inserted++;
  }
  return { inserted, ids };
}
