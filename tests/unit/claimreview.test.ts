import type { ClaimReview, WithContext } from 'schema-dts';
import { describe, expect, it } from 'vitest';
import type { ClaimReviewInput } from '@/db/queries/claimreview';
import { checkClaimReview } from '@/tests/helpers/claimreview-check';
import { buildClaimReview, serializeJsonLdForHtml, verdictPageUrl, type ClaimReviewJsonLd } from '@/lib/verdicts/claimreview-jsonld';

const ORG = { name: 'Example Fact Desk', url: 'https://desk.example.org' };
const PUBLIC_URL = 'https://verdicts.example.org';

/** Modelled on the real ClaimReviews in shared/reference: a government's claim seen in one article. */
function fixture(overrides: Partial<ClaimReviewInput> = {}): ClaimReviewInput {
  return {
    claim: {
      id: 42,
      statement: 'The ministry sanctioned 11 people and 15 companies.',
      claimedOn: '2024-12-17',
      language: 'en',
      articleUrl: null,
      claimant: { name: 'Ministry of Foreign Affairs', kind: 'government', url: 'https://www.mofa.example' },
    },
    appearances: [
      {
        url: 'https://news.example.com/sanctions',
        title: 'New sanctions announced',
        publishedOn: '2024-12-18',
        publisher: { name: 'Example News', kind: 'media', url: 'https://news.example.com' },
      },
      { url: 'https://wire.example.net/story', title: 'Wire story', publishedOn: null, publisher: null },
    ],
    versions: [
      {
        versionNumber: 1,
        kind: 'publication',
        label: 'accurate',
        headline: 'Accurate: the ministry sanctioned 11 people and 15 companies',
        explanation: 'The ministry’s own list gives 11 individuals and 15 entities.',
        articleUrl: null,
        publishedAt: '2024-12-19T09:30:00.000Z',
      },
    ],
    ...overrides,
  };
}

function build(input: ClaimReviewInput): ClaimReviewJsonLd {
  const review = buildClaimReview(input, ORG, PUBLIC_URL);
  if (!review) throw new Error('expected a ClaimReview');
  return review;
}

const correction = (version: Partial<ClaimReviewInput['versions'][number]> = {}): ClaimReviewInput['versions'][number] => ({
  versionNumber: 2,
  kind: 'correction',
  label: 'accurate',
  headline: 'Accurate (corrected)',
  explanation: 'Corrected the date.',
  articleUrl: null,
  publishedAt: '2024-12-20T15:00:00.000Z',
  ...version,
});

describe('buildClaimReview', () => {
  it('describes an accurate verdict with every field Google asks for', () => {
    const review = build(fixture());
    // Compile-time: what we emit is a ClaimReview as schema-dts types it.
    const _typed: WithContext<ClaimReview> = review;
    expect(review).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://verdicts.example.org/verdicts/42',
      claimReviewed: 'The ministry sanctioned 11 people and 15 companies.',
      headline: 'Accurate: the ministry sanctioned 11 people and 15 companies',
      reviewBody: 'The ministry’s own list gives 11 individuals and 15 entities.',
      author: { '@type': 'Organization', name: 'Example Fact Desk', url: 'https://desk.example.org' },
      datePublished: '2024-12-19T09:30:00.000Z',
      reviewRating: { '@type': 'Rating', alternateName: 'Accurate', ratingValue: 5, bestRating: 5, worstRating: 1 },
      itemReviewed: {
        '@type': 'Claim',
        author: {
          '@type': 'Organization',
          name: 'Ministry of Foreign Affairs',
          url: 'https://www.mofa.example',
          sameAs: 'https://www.mofa.example',
        },
        datePublished: '2024-12-17',
        inLanguage: 'en',
        appearance: [
          {
            '@type': 'CreativeWork',
            url: 'https://news.example.com/sanctions',
            headline: 'New sanctions announced',
            datePublished: '2024-12-18',
            publisher: { '@type': 'Organization', name: 'Example News', url: 'https://news.example.com', sameAs: 'https://news.example.com' },
          },
          { '@type': 'CreativeWork', url: 'https://wire.example.net/story', headline: 'Wire story' },
        ],
        firstAppearance: {
          '@type': 'CreativeWork',
          url: 'https://news.example.com/sanctions',
          headline: 'New sanctions announced',
          datePublished: '2024-12-18',
          publisher: { '@type': 'Organization', name: 'Example News', url: 'https://news.example.com', sameAs: 'https://news.example.com' },
        },
      },
    });
    expect(review).not.toHaveProperty('dateModified');
    expect(checkClaimReview(review).errors).toEqual([]);
  });

  it.each([
    ['mostly_accurate', 'Mostly accurate', 4],
    ['mixed', 'Mixed', 3],
    ['mostly_inaccurate', 'Mostly inaccurate', 2],
    ['inaccurate', 'Inaccurate', 1],
  ] as const)('rates %s as %s, %i of 1–5', (label, name, value) => {
    const input = fixture();
    const review = build({ ...input, versions: [{ ...input.versions[0]!, label }] });
    expect(review.reviewRating).toEqual({ '@type': 'Rating', alternateName: name, ratingValue: value, bestRating: 5, worstRating: 1 });
  });

  it('gives unverifiable only its name: it is off the ordinal', () => {
    const input = fixture();
    const review = build({ ...input, versions: [{ ...input.versions[0]!, label: 'unverifiable' }] });
    expect(review.reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Unverifiable' });
    expect(checkClaimReview(review).errors).toEqual([]);
  });

  it('keeps version 1’s date as datePublished and dates a correction as dateModified, rated as corrected', () => {
    const input = fixture();
    const review = build({ ...input, versions: [...input.versions, correction({ label: 'mostly_accurate' })] });
    expect(review.datePublished).toBe('2024-12-19T09:30:00.000Z');
    expect(review.dateModified).toBe('2024-12-20T15:00:00.000Z');
    expect(review.headline).toBe('Accurate (corrected)');
    expect(review.reviewRating.alternateName).toBe('Mostly accurate');
  });

  it('points at the article when the verdict names one, else the claim’s reported article, else the public page', () => {
    const input = fixture();
    const withArticle = { ...input, versions: [...input.versions, correction({ articleUrl: 'https://desk.example.org/checks/42' })] };
    expect(build(withArticle).url).toBe('https://desk.example.org/checks/42');
    const claimArticle = { ...input, claim: { ...input.claim, articleUrl: 'https://cms.example.org/a/42' } };
    expect(build(claimArticle).url).toBe('https://cms.example.org/a/42');
    expect(build(input).url).toBe('https://verdicts.example.org/verdicts/42');
    expect(verdictPageUrl('https://verdicts.example.org/', 7)).toBe('https://verdicts.example.org/verdicts/7');
  });

  it('names a person claimant as a Person, and gives no url or sameAs when the source has none', () => {
    const input = fixture();
    const review = build({ ...input, claim: { ...input.claim, claimant: { name: 'Jane Doe', kind: 'person', url: null } } });
    expect(review.itemReviewed.author).toEqual({ '@type': 'Person', name: 'Jane Doe' });
  });

  it.each(['organisation', 'media', 'document', 'dataset'] as const)('names a %s claimant as an Organization', (kind) => {
    const input = fixture();
    const review = build({ ...input, claim: { ...input.claim, claimant: { name: 'Some body', kind, url: null } } });
    expect(review.itemReviewed.author).toEqual({ '@type': 'Organization', name: 'Some body' });
  });

  it('leaves out appearance and firstAppearance when the claim has none recorded', () => {
    const review = build(fixture({ appearances: [] }));
    expect(review.itemReviewed).not.toHaveProperty('appearance');
    expect(review.itemReviewed).not.toHaveProperty('firstAppearance');
  });

  it('returns null for a retracted verdict and for one never published', () => {
    const input = fixture();
    const retraction = correction({ kind: 'retraction', versionNumber: 2 });
    expect(buildClaimReview({ ...input, versions: [...input.versions, retraction] }, ORG, PUBLIC_URL)).toBeNull();
    expect(buildClaimReview({ ...input, versions: [] }, ORG, PUBLIC_URL)).toBeNull();
  });
});

describe('serializeJsonLdForHtml', () => {
  const hostile = '</script><script>alert(1)</script> <!-- x --> a\u2028b\u2029c & </SCRIPT >';

  it('leaves no character that can end the script element or open a comment, and parses back', () => {
    const input = fixture();
    const review = build({
      ...input,
      claim: { ...input.claim, statement: hostile, claimant: { name: '<!--', kind: 'person', url: null } },
      versions: [{ ...input.versions[0]!, headline: hostile, explanation: '<script>' }],
    });
    const html = serializeJsonLdForHtml(review);
    expect(html).not.toMatch(/[<>\u2028\u2029]/);
    expect(html).not.toMatch(/&/);
    expect(html).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
    expect(html).toContain('\\u003c!--');
    expect(html).toContain('a\\u2028b\\u2029c \\u0026 ');
    expect(JSON.parse(html)).toEqual(review);
  });

  it('escapes keys as well as values, and serialises any JSON value', () => {
    const value = { '</script>': ['<', '>', '&', '\u2028'], n: 1, ok: true, none: null };
    const html = serializeJsonLdForHtml(value);
    expect(html).toBe('{"\\u003c/script\\u003e":["\\u003c","\\u003e","\\u0026","\\u2028"],"n":1,"ok":true,"none":null}');
    expect(JSON.parse(html)).toEqual(value);
  });

  it('refuses a value JSON cannot represent', () => {
    expect(() => serializeJsonLdForHtml(undefined)).toThrow(TypeError);
  });
});
