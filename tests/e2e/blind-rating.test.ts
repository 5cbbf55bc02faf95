import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/open';
import { seedDemo } from '@/lib/demo/seed';
import { recordAssessment } from '@/lib/review/assessments';
import { addComment, openDisagreement, reopenDisagreement, resolveDisagreement } from '@/lib/review/disagreements';
import type { Actor } from '@/lib/auth/permissions';
import { RATING_SCALE } from '@/lib/review/rating-scale';
import { createUser } from '@/lib/admin/users';
import { saveVerdictDraft } from '@/lib/verdicts/verdicts';
import { demoClaim, demoUser, launchBrowser, newAppContext, screenshot, signIn, startApp, type RunningApp } from './support/harness';
import { HttpClient, appRoutes } from './support/http-client';
import { actorByEmail } from '../helpers/actors';

/**
 * Blind rating, swept over everything a reviewer can reach: marker strings are seeded into every
 * place that can carry someone's rating of one claim (assessment rationales, the reasons of a
 * reviewers' disagreement opened automatically and of one opened by hand, resolutions, comments,
 * the reopening reason, the verdict draft's headline and explanation, and its rating label), then
 * every page and GET route of the build — HTML and the RSC payload — is fetched by a reviewer who
 * has not rated that claim. None of it may show. After the same reviewer submits an assessment,
 * the same sweep finds the ratings on the claim page.
 */

const CLAIM_KEY = 'north-korea-treaty-pledge';
const BLIND = { email: 'blind-reviewer@demo.claimbench.test', name: 'Bea Blind', password: 'blind-reviewer-pass', role: 'reviewer' as const };
/** Ratings by the two demo reviewers and the draft's, four and two steps apart: all appear nowhere else on the claim page. */
const RATINGS = { reviewer1: 'accurate', reviewer2: 'inaccurate', draft: 'mostly_inaccurate' } as const;

function token(name: string): string {
  return `${name}-${randomBytes(6).toString('hex')}`;
}

const MARKERS = {
  rationale1: token('rationale-one'),
  rationale2: token('rationale-two'),
  handReason: token('hand-reason'),
  autoComment: token('auto-comment'),
  handComment: token('hand-comment'),
  autoResolution: token('auto-resolution'),
  handResolution: token('hand-resolution'),
  reopenReason: token('reopen-reason'),
  draftHeadline: token('draft-headline'),
  draftExplanation: token('draft-explanation'),
};
type MarkerName = keyof typeof MARKERS;

/** What a reviewer who rated sees on the claim page; the verdict draft itself is the editors' alone. */
const REVEALED: MarkerName[] = ['rationale1', 'rationale2', 'handReason', 'autoComment', 'handComment', 'autoResolution', 'handResolution', 'reopenReason'];

const ratingName = (label: string) => RATING_SCALE.find((step) => step.label === label)!.name;

let dir: string;
let app: RunningApp;
let sqlite: Database.Database;
let claimId: number;
/** The automatic disagreement's reason, written by the rule engine: it names both ratings. */
let autoReason: string;
/** Every other rationale, reviewers' reason, resolution and comment in the database (the demo's too). */
let otherRatingTexts: string[];

async function prepareDatabase(dbFile: string): Promise<void> {
  const db = openDatabase(dbFile);
  try {
    await seedDemo(db);
    await createUser(db, null, BLIND);
    const reviewer1 = actorByEmail(db, demoUser('reviewer', 0).email);
    const reviewer2 = actorByEmail(db, demoUser('reviewer', 1).email);
    const editor = actorByEmail(db, demoUser('editor').email);
    const id = db.$client.prepare('SELECT id FROM claims WHERE statement = ?').pluck().get(demoClaim(CLAIM_KEY).statement) as number;

    const rate = (actor: Actor, label: 'accurate' | 'inaccurate', rationale: string) =>
      recordAssessment(db, actor, { claimId: id, label, confidence: 70, rationale, citedEvidenceIds: [] });
    rate(reviewer1, RATINGS.reviewer1, `I rated it accurate: ${MARKERS.rationale1}`);
    rate(reviewer2, RATINGS.reviewer2, `I rated it inaccurate: ${MARKERS.rationale2}`);
    const auto = db.$client.prepare("SELECT id FROM disagreements WHERE claim_id = ? AND kind = 'reviewers' AND opened_by IS NULL").pluck().get(id) as number;
    const hand = openDisagreement(db, editor, { claimId: id, reason: `Ravi says inaccurate, Rosa accurate: ${MARKERS.handReason}` });
    addComment(db, reviewer2, { disagreementId: auto, body: `Mine is inaccurate: ${MARKERS.autoComment}` });
    addComment(db, editor, { disagreementId: hand.id, body: `Leaning mostly inaccurate: ${MARKERS.handComment}` });
    const version = (disagreementId: number) => db.$client.prepare('SELECT version FROM disagreements WHERE id = ?').pluck().get(disagreementId) as number;
    resolveDisagreement(db, editor, { disagreementId: auto, version: version(auto), resolution: `Settled on Mostly inaccurate: ${MARKERS.autoResolution}` });
    resolveDisagreement(db, editor, { disagreementId: hand.id, version: version(hand.id), resolution: `Settled: ${MARKERS.handResolution}` });
    reopenDisagreement(db, editor, { disagreementId: hand.id, version: version(hand.id), reason: MARKERS.reopenReason });
    saveVerdictDraft(db, editor, {
      claimId: id,
      version: 0,
      label: RATINGS.draft,
      headline: `Mostly inaccurate: ${MARKERS.draftHeadline}`,
      explanation: `Both reviewers weighed in. ${MARKERS.draftExplanation}`,
      citedEvidenceIds: [],
    });
  } finally {
    db.$client.close();
  }
}

// ——— The sweep ———

interface Fetched {
  /** What was asked for, e.g. `GET /claims/12 (RSC)`. */
  what: string;
  path: string;
  rsc: boolean;
  status: number;
  body: string;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The words a person reads on an HTML page outside its forms (a rating form lists every label as an option). */
function readableOutsideForms(html: string): string {
  return decodeEntities(
    html
      .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
      .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
      .replace(/<form\b[\s\S]*?<\/form>/gi, ' ')
      .replace(/<[^>]+>/g, ' '),
  ).replace(/\s+/g, ' ');
}

/** The path of an app-router route with values for its dynamic segments; unknown segments fail the test. */
function pathsOf(route: string, values: { claimId: number; sourceId: number; measureKey: string }): string[] {
  const segments = route
    .replace(/\/(page|route)$/, '')
    .split('/')
    .filter((segment) => segment !== '' && !/^\(.*\)$/.test(segment));
  const filled = segments.map((segment, index) => {
    if (!segment.startsWith('[')) return segment;
    const parent = segments[index - 1];
    if (segment === '[...path]') return 'v1/no-such-endpoint';
    if (segment === '[...nextauth]') return 'session';
    if (parent === 'claims' || parent === 'verdicts') return String(values.claimId);
    if (parent === 'sources') return String(values.sourceId);
    if (parent === 'versions') return '1';
    if (parent === 'measures') return encodeURIComponent(values.measureKey);
    throw new Error(`blind-rating.test.ts: give the dynamic segment ${segment} of ${route} a value in pathsOf()`);
  });
  const base = `/${filled.join('/')}`;
  // Variants a reviewer can ask for on the same route: filters, formats, searches, the claim page's history rendered.
  const variants: Record<string, string[]> = {
    [`/claims/${values.claimId}`]: [`/claims/${values.claimId}?edit=history`],
    '/claims': ['/claims?disputed=1', '/claims?status=in_review', '/claims?q=treaty'],
    '/export/download': ['/export/download?format=csv', '/export/download?format=jsonl', '/export/download?format=claimreview', '/export/download?format=assessments&names=1'],
    '/insights': ['/insights?period=30d', '/insights?period=365d'],
    '/api/v1/export': ['/api/v1/export?format=csv', '/api/v1/export?format=jsonl', '/api/v1/export?format=claimreview'],
    '/api/v1/verdicts': ['/api/v1/verdicts?limit=100'],
  };
  return [base, ...(variants[base] ?? [])];
}

/** Every page (HTML and RSC) and GET route of the build, fetched as `client`. */
async function sweep(client: HttpClient): Promise<Fetched[]> {
  const sourceId = sqlite.prepare('SELECT claimant_id FROM claims WHERE id = ?').pluck().get(claimId) as number;
  const measureKey = sqlite.prepare('SELECT key FROM measures ORDER BY id LIMIT 1').pluck().get() as string;
  const fetched: Fetched[] = [];
  const routes = appRoutes();
  expect(routes.length).toBeGreaterThan(10);
  for (const route of routes) {
    const isPage = route.endsWith('/page');
    for (const pathname of pathsOf(route, { claimId, sourceId, measureKey })) {
      for (const rsc of isPage ? [false, true] : [false]) {
        let response = await client.request(pathname, { headers: rsc ? { rsc: '1' } : {} });
        // Next answers an RSC request without its cache-busting `_rsc` parameter with a redirect to the same path with one.
        const location = response.headers.get('location');
        if (rsc && response.status === 307 && location && new URL(location, app.baseUrl).searchParams.has('_rsc')) {
          expect(new URL(location, app.baseUrl).pathname).toBe(new URL(pathname, app.baseUrl).pathname);
          response = await client.request(location, { headers: { rsc: '1' } });
        }
        fetched.push({ what: `GET ${pathname}${rsc ? ' (RSC)' : ''}`, path: pathname, rsc, status: response.status, body: await response.text() });
      }
    }
  }
  return fetched;
}

/** The claim page under test, plain or with its history rendered. */
function isClaimPage(pathname: string): boolean {
  return pathname === `/claims/${claimId}` || pathname === `/claims/${claimId}?edit=history`;
}

/** Each marker (and the automatic reason, and any other rating text) with where it showed. */
function findLeaks(fetched: Fetched[], texts: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const item of fetched) {
    const decoded = item.rsc ? item.body : decodeEntities(item.body);
    for (const [name, text] of Object.entries(texts)) {
      const jsonForm = JSON.stringify(text).slice(1, -1);
      if (decoded.includes(text) || item.body.includes(jsonForm)) leaks.push(`${name} in ${item.what}`);
    }
  }
  return leaks;
}

/** Rating names outside the forms of the claim page: in an assessment, a history line, a draft. */
function ratingNamesShown(page: Fetched): string[] {
  const text = page.rsc ? page.body : readableOutsideForms(page.body);
  return RATING_SCALE.filter((step) => new RegExp(`\\b${step.name}\\b`, 'i').test(text)).map((step) => step.name);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-blind-'));
  const dbFile = path.join(dir, 'claimbench.db');
  await prepareDatabase(dbFile);
  app = await startApp({ dbFile });
  sqlite = new Database(app.dbFile, { readonly: true, fileMustExist: true });
  claimId = sqlite.prepare('SELECT id FROM claims WHERE statement = ?').pluck().get(demoClaim(CLAIM_KEY).statement) as number;
  autoReason = sqlite.prepare("SELECT reason FROM disagreements WHERE claim_id = ? AND kind = 'reviewers' AND opened_by IS NULL").pluck().get(claimId) as string;
  otherRatingTexts = [
    ...(sqlite.prepare('SELECT rationale FROM assessments WHERE claim_id <> ?').pluck().all(claimId) as string[]),
    ...(sqlite.prepare("SELECT reason FROM disagreements WHERE kind = 'reviewers' AND claim_id <> ?").pluck().all(claimId) as string[]),
    ...(sqlite.prepare("SELECT resolution FROM disagreements WHERE kind = 'reviewers' AND resolution IS NOT NULL AND claim_id <> ?").pluck().all(claimId) as string[]),
    ...(sqlite
      .prepare("SELECT c.body FROM disagreement_comments c JOIN disagreements d ON d.id = c.disagreement_id WHERE d.kind = 'reviewers' AND d.claim_id <> ?")
      .pluck()
      .all(claimId) as string[]),
  ].filter((text) => text.length >= 24);
}, 180_000);

afterAll(async () => {
  sqlite?.close();
  await app?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('blind rating holds on every page and route a reviewer can reach', () => {
  it('hides every trace of others’ ratings from a reviewer who has not rated, and shows them once they have', async () => {
    // The fixtures are what they claim to be: the rule engine opened the disagreement from both ratings.
    expect(autoReason).toMatch(/accurate/i);
    expect(otherRatingTexts.length, 'the demo data has other claims with ratings and reviewers’ disagreements').toBeGreaterThan(3);
    const markerTexts: Record<string, string> = { ...MARKERS, autoReason };

    // An editor sees everything that is not the draft's alone on the claim page, and the draft too.
    const editor = new HttpClient(app.baseUrl);
    expect((await editor.signIn(demoUser('editor').email, demoUser('editor').password)).ok).toBe(true);
    const editorPage = await editor.request(`/claims/${claimId}`);
    const editorLeaks = findLeaks([{ what: 'editor', path: '', rsc: false, status: editorPage.status, body: await editorPage.text() }], markerTexts);
    expect(editorLeaks.map((leak) => leak.split(' ')[0]).sort()).toEqual(Object.keys(markerTexts).sort());

    // The blind reviewer: nothing, anywhere.
    const blind = new HttpClient(app.baseUrl);
    expect((await blind.signIn(BLIND.email, BLIND.password)).ok).toBe(true);
    const before = await sweep(blind);
    const claimPages = before.filter((item) => isClaimPage(item.path));
    expect(claimPages.map((item) => item.status)).toEqual([200, 200, 200, 200]);
    expect(claimPages[0]!.body).toContain('2 reviewers have rated this claim');
    expect(claimPages[1]!.body.length).toBeGreaterThan(1000);
    // Soft, so that one run lists every leak.
    expect.soft(findLeaks(before, markerTexts)).toEqual([]);
    const others = Object.fromEntries(otherRatingTexts.map((text, n) => [`demo rating text ${n} (${text.slice(0, 40)}…)`, text]));
    expect.soft(findLeaks(before, others)).toEqual([]);
    for (const page of claimPages) expect.soft(ratingNamesShown(page), page.what).toEqual([]);
    expect(before.filter((item) => item.status >= 500).map((item) => `${item.what}: ${item.status}`)).toEqual([]);

    await screenshotClaim('blind-rating-before');

    // The same reviewer rates: everything a reviewer may see of others' ratings is there now.
    const rated = await blind.action('assessAction', `/claims/${claimId}`, { claimId: String(claimId), label: 'mixed', confidence: '50', rationale: 'My own view.', citedEvidenceIds: '' });
    expect(rated.result).toMatchObject({ ok: true });
    const after = await sweep(blind);
    for (const page of after.filter((item) => isClaimPage(item.path))) {
      const found = new Set(findLeaks([page], markerTexts).map((leak) => leak.split(' ')[0]));
      expect([...found].sort(), page.what).toEqual([...REVEALED, 'autoReason'].sort());
      // The history list is rendered when opened: the plain page carries its lines only as data, ?edit=history in its markup.
      const text = page.rsc ? page.body : page.path.endsWith('?edit=history') ? readableOutsideForms(page.body) : decodeEntities(page.body);
      expect(text, page.what).toContain(`set the rating to ${ratingName(RATINGS.draft).toLowerCase()}`);
      expect(ratingNamesShown(page), page.what).toEqual(expect.arrayContaining([ratingName(RATINGS.reviewer1), ratingName(RATINGS.reviewer2)]));
    }
    // The draft stays the editors' own, and other claims stay blind.
    expect(findLeaks(after, { draftHeadline: MARKERS.draftHeadline, draftExplanation: MARKERS.draftExplanation })).toEqual([]);
    expect(findLeaks(after, others)).toEqual([]);

    await screenshotClaim('blind-rating-after');
  }, 300_000);
});

/** The claim page as the blind reviewer sees it, in Chromium, with every disclosure (the history) open. */
async function screenshotClaim(name: string): Promise<void> {
  const browser = await launchBrowser();
  try {
    const context = await newAppContext(browser, app.baseUrl);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, BLIND.email, BLIND.password);
    await page.goto(`${app.baseUrl}/claims/${claimId}`);
    await page.evaluate(() => document.querySelectorAll('details').forEach((details) => details.setAttribute('open', '')));
    // A full page of 6,000 pixels takes a while on a busy machine.
    context.setDefaultTimeout(60_000);
    await screenshot(page, name);
  } finally {
    await browser.close();
  }
}
