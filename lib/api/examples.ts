import type { z } from 'zod';
import type { WebhookEvent } from '@/lib/webhooks/events';
import type { ArticleReport, ClaimCreated, ClaimPublic, ClaimSubmission, VerdictItem, VerdictPage } from './schemas';
import type { WebhookVerdictData } from './webhook-schemas';

/**
 * Complete examples for the OpenAPI document, the API reference and its curl commands: one request
 * body per route that takes one, one answer per route that answers JSON, one delivery per webhook
 * event. tests/integration/api-docs.test.ts parses each with the zod schema the route uses.
 */

const EXAMPLE_ORIGIN = 'https://claimbench.example';

export const EXAMPLE_SUBMISSION = {
  statement: 'As many as 100,000 North Korean soldiers could be deployed to the region.',
  claimant: { name: 'Volodymyr Zelensky', kind: 'person' },
  claimed_on: '2024-12-18',
  language: 'en',
  context: 'Said in an interview about the war in Ukraine; "the region" is the front line.',
  appearance: {
    url: 'https://menafn.com/1109007014/Ukraines-supporters-impose-new-sanctions-on-Russia-N-Korea',
    title: 'Ukraine’s supporters impose new sanctions on Russia, N. Korea',
    quote: 'Ukrainian President Volodymyr Zelensky has claimed that as many as 100,000 North Korean soldiers could be deployed to the region.',
  },
} satisfies z.input<typeof ClaimSubmission>;

export const EXAMPLE_ARTICLE_REPORT = {
  url: 'https://news.example/fact-check/north-korean-troops',
  version: 3,
} satisfies z.input<typeof ArticleReport>;

export const EXAMPLE_VERDICT = {
  claim_id: 7,
  statement: 'As many as 100,000 North Korean soldiers could be deployed to the region.',
  claimant: { name: 'Volodymyr Zelensky', kind: 'person' },
  claimed_on: '2024-12-18',
  rating: { label: 'mostly_inaccurate', name: 'Mostly inaccurate', value: 2 },
  headline: 'A projection of what could be deployed, not a count of troops sent',
  kind: 'correction',
  version: 2,
  correction_note: 'An earlier version gave the date of the statement as 17 December.',
  published_at: '2024-12-19T09:41:07.498Z',
  modified_at: '2024-12-20T14:02:51.030Z',
  updated_at: '2024-12-20T14:05:12.774Z',
  article_url: 'https://news.example/fact-check/north-korean-troops',
  public_url: `${EXAMPLE_ORIGIN}/verdicts/7`,
  claimreview_url: `${EXAMPLE_ORIGIN}/api/v1/claims/7/claimreview`,
} satisfies z.input<typeof VerdictItem>;

export const EXAMPLE_VERDICT_PAGE = {
  items: [EXAMPLE_VERDICT],
  next_cursor: 'eyJ2IjoxLCJ0IjoiMjAyNC0xMi0yMFQxNDowNToxMi43NzRaIiwiaWQiOjd9',
} satisfies z.input<typeof VerdictPage>;

export const EXAMPLE_CLAIM = {
  id: 7,
  statement: EXAMPLE_VERDICT.statement,
  claimant: EXAMPLE_VERDICT.claimant,
  claimed_on: '2024-12-18',
  language: 'en',
  status: 'published',
  disputed: false,
  article_url: EXAMPLE_VERDICT.article_url,
  version: 3,
  created_at: '2024-12-18T10:15:00.000Z',
  updated_at: EXAMPLE_VERDICT.updated_at,
  duplicate_of: null,
  verdict: EXAMPLE_VERDICT,
} satisfies z.input<typeof ClaimPublic>;

export const EXAMPLE_CLAIM_CREATED = {
  id: 12,
  status: 'draft',
  url: `${EXAMPLE_ORIGIN}/api/v1/claims/12`,
} satisfies z.input<typeof ClaimCreated>;

const EXAMPLE_EVENT_DATA: Record<WebhookEvent, z.input<typeof WebhookVerdictData>> = {
  'verdict.published': {
    claim_id: 7,
    version: 1,
    kind: 'publication',
    label: 'mostly_inaccurate',
    headline: 'A projection of what could be deployed, not a count of troops sent',
    article_url: null,
    public_url: `${EXAMPLE_ORIGIN}/verdicts/7`,
    note: null,
    published_at: '2024-12-19T09:41:07.498Z',
  },
  'verdict.corrected': {
    claim_id: 7,
    version: 2,
    kind: 'correction',
    label: 'mostly_inaccurate',
    headline: 'A projection of what could be deployed, not a count of troops sent',
    article_url: 'https://news.example/fact-check/north-korean-troops',
    public_url: `${EXAMPLE_ORIGIN}/verdicts/7`,
    note: 'An earlier version gave the date of the statement as 17 December.',
    published_at: '2024-12-20T14:02:51.030Z',
  },
  'verdict.retracted': {
    claim_id: 7,
    version: 3,
    kind: 'retraction',
    label: 'mostly_inaccurate',
    headline: 'A projection of what could be deployed, not a count of troops sent',
    article_url: 'https://news.example/fact-check/north-korean-troops',
    public_url: `${EXAMPLE_ORIGIN}/verdicts/7`,
    note: 'Retracted: the interview was misattributed.',
    published_at: '2024-12-21T08:00:00.000Z',
  },
};

const DELIVERY_IDS: Record<WebhookEvent, string> = {
  'verdict.published': 'dlv_3f0c6a4e-8d2b-4a53-9d0e-2f3f5f1f6b7a',
  'verdict.corrected': 'dlv_9b1d2e77-0c4f-4f0a-8a66-5d2c1e0b9f31',
  'verdict.retracted': 'dlv_c2a8f5d0-71e3-4b9b-9d3c-0e6f4a2b7c18',
};

/** One delivery's body for each event, as a receiver gets it. */
export function exampleDelivery(event: WebhookEvent) {
  const data = EXAMPLE_EVENT_DATA[event];
  return { id: DELIVERY_IDS[event], event, occurred_at: data.published_at, data };
}
