import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClaimReviewInput } from '@/db/queries/claimreview';
import { buildClaimReview } from '@/lib/verdicts/claimreview-jsonld';
import { checkClaimReview } from '@/tests/helpers/claimreview-check';
import { schemaOrgTerms } from '../helpers/schemaorg';

/**
 * Real ClaimReview markup from fact-checkers, kept beside the repository (shared/ sits next to the
 * clone in CI) and read in place, never copied in. Its SOURCES.md lists each file with its quirks;
 * the table below says how our checker must read each one. A missing folder fails these tests.
 */
const REFERENCE_DIR = path.resolve(import.meta.dirname, '../../../shared/reference/claimreview');

interface Expected {
  /** Every error, in order, as a pattern of "path: message". */
  errors: RegExp[];
  /** Warnings that must be among those reported (others may be too). */
  warnings?: RegExp[];
}

const NOT_CLAIM = /^itemReviewed\.@type: is \w+; Google recommends Claim/;
const PARTIAL_RATING = /^reviewRating: has .* without .*: give all three numbers or only alternateName/;

const EXPECTED: Record<string, Expected> = {
  '20minutes-fr.json': {
    errors: [/^reviewRating\.worstRating: is -1/, /^reviewRating\.bestRating: is -1/, /^itemReviewed\.author\.sameAs: "Réseaux sociaux" is not an absolute/],
    warnings: [NOT_CLAIM],
  },
  'afp-en-graph.json': { errors: [/^datePublished: "2020-06-24 00:03" is not an ISO 8601/], warnings: [NOT_CLAIM] },
  'afp-hi.json': { errors: [/^datePublished: "2021-08-04 06:49" is not an ISO 8601/] },
  'africacheck-graph.json': { errors: [], warnings: [NOT_CLAIM] },
  'africacheck-legacy.json': {
    errors: [],
    warnings: [/^reviewRating\.alternateName: has leading or trailing whitespace/, /^itemReviewed\.@type: creativeWork is not a schema\.org type/],
  },
  'aosfatos-pt.json': { errors: [PARTIAL_RATING, /^url: "aosfatos\.org\/.*" is not an absolute/] },
  'boomlive-en.json': {
    errors: [PARTIAL_RATING, /^author\.url: "\/author\/.*" is not an absolute/, /^itemReviewed\.author\.url: "\/" is not an absolute/],
    warnings: [/^reviewRating: bestRating is empty/],
  },
  'comprova-pt.json': { errors: [] },
  'datacommons-feeditem-dpa-de.json': { errors: [] },
  'estadao-verifica-pt.json': {
    errors: [/^url: "\/estadao-verifica\/.*" is not an absolute http\(s\) URL/],
    warnings: [/^datePublished: missing/],
  },
  'factcheckzw.json': {
    errors: [/^reviewRating: has bestRating, worstRating without ratingValue/, /^author\.url: "factcheck\.cite\.org\.zw" is not an absolute/],
    warnings: [/^reviewRating: ratingValue is empty/, /^itemReviewed\.author: missing/],
  },
  'fatabyyano-ar.json': { errors: [], warnings: [/^reviewRating: ratingValue, bestRating, worstRating are empty/] },
  'indiatoday-en.json': {
    errors: [],
    warnings: [/^datePublished: missing/, /^itemReviewed\.datePublished: missing/, /^itemReviewed\.author\.sameAs: has leading or trailing whitespace/],
  },
  'lupa-pt.json': {
    errors: [PARTIAL_RATING, /^datePublished: "2020-08-31 17:22:16" is not an ISO 8601/, /^itemReviewed\.datePublished: "2020-08-31 17:22:16" is not an ISO 8601/],
  },
  'newtral-es-api-item.json': {
    errors: [/^@context: missing/],
    warnings: [/^id: is not a schema\.org property/, /^postTerms: is not a schema\.org property/, /^reviewRating\.icon: is not a schema\.org property/],
  },
  'schemaorg-eg-0324-politifact.json': { errors: [PARTIAL_RATING, /^author\.name: missing/] },
  'schemaorg-eg-0325-clip-no-rating.json': {
    errors: [/^reviewRating: missing/, /^author\.name: missing/],
    warnings: [/^itemReviewed\.@type: is Clip; Google recommends Claim/],
  },
  'tfc-taiwan-zh.json': { errors: [/^reviewRating: has bestRating, worstRating without ratingValue/] },
  'thequint-webqoof-en.json': {
    errors: [/^reviewRating\.worstRating: is 0/],
    warnings: [/^claimReviewed: is a list/, /^itemReviewed\.author\.sameAs: is empty/],
  },
  'uol-confere-pt.json': { errors: [], warnings: [NOT_CLAIM] },
};

const vocabulary = schemaOrgTerms();

describe('checkClaimReview on real fact-checkers’ markup', () => {
  it('finds the reference folder, and every file SOURCES.md lists has an expectation here', () => {
    expect(fs.existsSync(REFERENCE_DIR), `${REFERENCE_DIR} is missing: CI keeps shared/ beside the clone`).toBe(true);
    const onDisk = fs.readdirSync(REFERENCE_DIR).filter((file) => file.endsWith('.json')).sort();
    const listed = [...fs.readFileSync(path.join(REFERENCE_DIR, 'SOURCES.md'), 'utf8').matchAll(/^\| ([\w.-]+\.json) \|/gm)]
      .map((match) => match[1])
      .sort();
    expect(listed).toEqual(onDisk);
    expect(Object.keys(EXPECTED).sort()).toEqual(onDisk);
  });

  it.each(Object.entries(EXPECTED))('reads %s as SOURCES.md describes it', (file, expected) => {
    const doc: unknown = JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, file), 'utf8'));
    const { errors, warnings } = checkClaimReview(doc, { vocabulary });
    expect(errors).toEqual(expected.errors.map((pattern) => expect.stringMatching(pattern)));
    expect(warnings).toEqual(expect.arrayContaining((expected.warnings ?? []).map((pattern) => expect.stringMatching(pattern))));
  });
});

describe('checkClaimReview rules', () => {
  const valid = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: 'https://desk.example.org/checks/1',
    claimReviewed: 'Short claim',
    author: { '@type': 'Organization', name: 'Desk' },
    datePublished: '2024-12-19',
    reviewRating: { '@type': 'Rating', alternateName: 'False', ratingValue: 1, bestRating: 5, worstRating: 1 },
    itemReviewed: {
      '@type': 'Claim',
      author: { '@type': 'Person', name: 'Someone' },
      datePublished: '2024-12-18',
      firstAppearance: { '@type': 'CreativeWork', url: 'https://news.example.com/a' },
    },
  };

  it('passes a complete ClaimReview, alone, in an @graph or in an array, with @type as a list', () => {
    expect(checkClaimReview(valid, { vocabulary })).toEqual({ errors: [], warnings: [] });
    const { '@context': _context, ...node } = valid;
    expect(checkClaimReview({ '@context': 'http://schema.org/', '@graph': [{ ...node, '@type': ['Review', 'ClaimReview'] }] })).toEqual({ errors: [], warnings: [] });
    expect(checkClaimReview([valid]).errors).toEqual([]);
  });

  it('accepts a textual rating alone, and refuses a number outside the scale', () => {
    expect(checkClaimReview({ ...valid, reviewRating: { '@type': 'Rating', alternateName: 'Unverifiable' } }).errors).toEqual([]);
    const outside = { ...valid, reviewRating: { ...valid.reviewRating, ratingValue: '7' } };
    expect(checkClaimReview(outside).errors).toEqual(['reviewRating.ratingValue: is 7, outside 1–5']);
    const noName = { ...valid, reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1 } };
    expect(checkClaimReview(noName).errors).toEqual(['reviewRating.alternateName: missing: the textual rating is required']);
  });

  it('requires claimReviewed, url and a named author, and numbers each ClaimReview of a document', () => {
    const { claimReviewed: _c, url: _u, author: _a, ...bare } = valid;
    expect(checkClaimReview({ '@graph': [valid, bare], '@context': 'https://schema.org' }).errors).toEqual([
      '[1] claimReviewed: missing: the claim being checked is required',
      '[1] url: missing: the page of the fact-check article is required',
      '[1] author: missing: the fact-checker is required',
    ]);
    expect(checkClaimReview({ '@type': 'WebPage' }).errors).toEqual(['(document): no ClaimReview found']);
  });

  it('warns of what Google recommends and is missing, and of a correction dated before publication', () => {
    const { itemReviewed: _i, ...noItem } = valid;
    expect(checkClaimReview({ ...noItem, dateModified: '2024-12-01' }).warnings).toEqual([
      'dateModified: is before datePublished',
      'itemReviewed: missing: Google recommends the Claim, with its author and date',
    ]);
    expect(checkClaimReview({ ...valid, claimReviewed: 'x'.repeat(80) }).warnings).toEqual([
      'claimReviewed: is 80 characters; Google suggests under 75',
    ]);
  });

  it('passes our own ClaimReview with no errors and only schema.org terms', () => {
    const input: ClaimReviewInput = {
      claim: {
        id: 3,
        statement: 'A claim.',
        claimedOn: '2024-12-18',
        language: 'en',
        articleUrl: null,
        claimant: { name: 'A person', kind: 'person', url: 'https://example.org/person' },
      },
      appearances: [{ url: 'https://news.example.com/a', title: 'A', publishedOn: '2024-12-18', publisher: null }],
      versions: [
        { versionNumber: 1, kind: 'publication', label: 'mixed', headline: 'Mixed', explanation: 'Why.', articleUrl: null, publishedAt: '2024-12-19T10:00:00.000Z' },
        { versionNumber: 2, kind: 'correction', label: 'mixed', headline: 'Mixed', explanation: 'Why, corrected.', articleUrl: null, publishedAt: '2024-12-20T10:00:00.000Z' },
      ],
    };
    const review = buildClaimReview(input, { name: 'Desk', url: 'https://desk.example.org' }, 'https://verdicts.example.org');
    expect(checkClaimReview(review, { vocabulary })).toEqual({ errors: [], warnings: [] });
  });
});
