import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '@/db/open';
import { createUser } from '@/lib/admin/users';
import { createClaim } from '@/lib/claims/claims';
import { addEvidence } from '@/lib/review/evidence';
import { ClaimCreate } from '@/lib/validation/claim';
import { EvidenceCreate } from '@/lib/validation/evidence';
import { VerdictDraftSave, VerdictPublish } from '@/lib/validation/verdict';
import { publishVerdict, saveVerdictDraft } from '@/lib/verdicts/verdicts';
import { actorByEmail } from '../helpers/actors';
import { expectNoSeriousA11yViolations } from './support/axe';
import { launchBrowser, newAppContext, screenshot, section, signInAs, startApp, type RunningApp } from './support/harness';
import { gotoClaim, openDisclosure } from './support/workbench';

/**
 * Four reviewers rate three claims through the claim page's form, on a desk with no other
 * ratings, so the page's alphas can be checked against a hand computation:
 *
 *   claim A: Accurate ×3, Mostly accurate ×1; claim B: Inaccurate ×3, Mostly inaccurate ×1; claim C: Mixed ×4.
 *   Coincidences (each pair counted 1/(4−1)): n = 12 values; per label 3, 1, 4, 1, 3.
 *   Nominal: observed off-diagonal 4, expected Σ n_c n_k (c ≠ k) = 144 − 36 = 108,
 *     α = 1 − 11 · 4 / 108 = 0.593.
 *   Ordinal (δ²_ck = (Σ n_g from c to k − (n_c + n_k)/2)²): observed 2 · (1 · 4) + 2 · (1 · 4) = 16,
 *     expected 2 · (12 + 243 + 147 + 729 + 25 + 25 + 147 + 25 + 243 + 12) = 3216, α = 1 − 11 · 16 / 3216 = 0.945.
 *
 * Then an editor publishes claim A (verdict Accurate); the test checks the page's alpha, a
 * reviewer's own calibration (and that they see nobody else's), the public method note, the
 * researchers' export, and axe on /insights.
 */

const REVIEWERS = [1, 2, 3, 4].map((n) => ({
  email: `insights-reviewer${n}@e2e.claimbench.test`,
  name: `Insight Reviewer ${['One', 'Two', 'Three', 'Four'][n - 1]}`,
  password: `insights-reviewer-${n}-pass`,
  role: 'reviewer' as const,
}));
const EDITOR = { email: 'insights-editor@e2e.claimbench.test', name: 'Insight Editor', password: 'insights-editor-pass', role: 'editor' as const };
const CLAIMS = {
  A: { statement: 'Insights claim A: the ferry carried 1.2 million passengers in 2023.', ratings: ['Accurate', 'Accurate', 'Accurate', 'Mostly accurate'] },
  B: { statement: 'Insights claim B: the bridge was finished two years early.', ratings: ['Inaccurate', 'Inaccurate', 'Mostly inaccurate', 'Inaccurate'] },
  C: { statement: 'Insights claim C: the harbour doubled its cargo since 2010.', ratings: ['Mixed', 'Mixed', 'Mixed', 'Mixed'] },
} as const;
const EVIDENCE_TITLE = 'Port authority annual report';
const NOTE = 'Rated independently by four reviewers who could not see each other’s ratings; three matched the published rating.';

let dir: string;
let app: RunningApp;
let browser: Browser;
const ids: Record<keyof typeof CLAIMS, number> = { A: 0, B: 0, C: 0 };
const pages: Page[] = [];
let editorPage: Page;

async function prepareDatabase(dbFile: string): Promise<void> {
  const db = openDatabase(dbFile);
  try {
    for (const person of [...REVIEWERS, EDITOR]) await createUser(db, null, person);
    const reviewer = actorByEmail(db, REVIEWERS[0]!.email);
    for (const [key, claim] of Object.entries(CLAIMS) as [keyof typeof CLAIMS, (typeof CLAIMS)['A']][]) {
      const { id } = createClaim(
        db,
        reviewer,
        ClaimCreate.parse({
          statement: claim.statement,
          newClaimant: { name: 'Harbour Board', kind: 'government' },
          claimedOn: '2024-11-02',
          language: 'en',
          appearance: { url: `https://news.example/${key}`, title: `Harbour story ${key}`, quote: claim.statement },
        }),
      );
      addEvidence(db, reviewer, EvidenceCreate.parse({ claimId: id, url: `https://port.example/report-${key}`, title: EVIDENCE_TITLE, stance: 'supports' }));
      ids[key] = id;
    }
  } finally {
    db.$client.close();
  }
}

async function rate(page: Page, key: keyof typeof CLAIMS, rating: string): Promise<void> {
  await gotoClaim(page, app.baseUrl, ids[key], CLAIMS[key].statement);
  const form = await openDisclosure(section(page, 'Assessments'), /Your assessment/);
  await form.getByRole('group', { name: 'Rating' }).getByRole('radio', { name: rating, exact: true }).check();
  await form.getByLabel('Confidence (0–100)', { exact: true }).fill('80');
  await form.getByLabel('Rationale', { exact: true }).fill(`E2E insights: ${rating}.`);
  await form.getByRole('button', { name: 'Submit assessment', exact: true }).click();
  await section(page, 'Assessments').getByRole('listitem').filter({ hasText: `: ${rating}, confidence 80` }).first().waitFor();
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-insights-'));
  const dbFile = path.join(dir, 'claimbench.db');
  await prepareDatabase(dbFile);
  app = await startApp({ dbFile });
  browser = await launchBrowser();
  for (const person of REVIEWERS) pages.push(await signInAs(await newAppContext(browser, app.baseUrl), app.baseUrl, person));
  editorPage = await signInAs(await newAppContext(browser, app.baseUrl), app.baseUrl, EDITOR);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('insights in Chromium', () => {
  test('four reviewers rate three claims through the form; the editor’s page shows the alphas computed by hand', async () => {
    for (const key of ['A', 'B', 'C'] as const) {
      for (const [n, page] of pages.entries()) await rate(page, key, CLAIMS[key].ratings[n]!);
    }
    await editorPage.goto(`${app.baseUrl}/insights`);
    const agreement = section(editorPage, 'Agreement between reviewers');
    await expect.poll(() => agreement.innerText()).toContain('α = 0.593');
    const text = await agreement.innerText();
    expect(text).toContain('α = 0.945');
    expect(text).toContain('3 claims, 12 pairable ratings');
    // Three claims: most bootstrap replicates draw too few distinct claims to vary, so there is honestly no interval.
    expect(text).toContain('No interval: too few claims or too little variation.');
    await expect.poll(async () => (await section(editorPage, 'Agreement by month').innerText())).toMatch(/\d{4}-\d{2}\s+3\s+0\.593\s+0\.945/);
    await expectNoSeriousA11yViolations(editorPage);
    await screenshot(editorPage, 'insights-editor');
  }, 240_000);

  test('after publication: the reviewer sees only their own calibration, the public page the method note', async () => {
    const db = openDatabase(app.dbFile);
    try {
      const editor = actorByEmail(db, EDITOR.email);
      const draft = saveVerdictDraft(
        db,
        editor,
        VerdictDraftSave.parse({ claimId: ids.A, version: 0, label: 'accurate', headline: 'Accurate: 1.2 million passengers', explanation: 'The port authority’s report gives 1.2 million.', citedEvidenceIds: [] }),
      );
      publishVerdict(db, editor, VerdictPublish.parse({ claimId: ids.A, version: draft.version }));
    } finally {
      db.$client.close();
    }

    const four = pages[3]!;
    await four.goto(`${app.baseUrl}/insights`);
    const own = section(four, 'Your calibration');
    // Reviewer four rated A "Mostly accurate" at 80 against the verdict "Accurate": 1 rated, 0% exact, 100% within one, bias −1.
    await expect.poll(() => own.innerText()).toMatch(/Insight Reviewer Four\s+1\s+0%\s+100%\s+-1\.00\s+0\.640/);
    const body = await four.locator('main').innerText();
    expect(body).not.toContain('Agreement between reviewers');
    for (const other of REVIEWERS.slice(0, 3)) expect(body).not.toContain(other.name);
    await expectNoSeriousA11yViolations(four);

    const publicPage = await (await newAppContext(browser, app.baseUrl)).newPage();
    await publicPage.goto(`${app.baseUrl}/verdicts/${ids.A}`);
    expect(await section(publicPage, 'How we rated it').innerText()).toContain(NOTE);
    const jsonLd = JSON.parse((await publicPage.locator('script[type="application/ld+json"]').textContent()) ?? '{}') as { reviewBody: string };
    expect(jsonLd.reviewBody.endsWith(NOTE)).toBe(true);
    for (const person of REVIEWERS) expect(await publicPage.content()).not.toContain(person.name);

    await gotoClaim(editorPage, app.baseUrl, ids.A, CLAIMS.A.statement);
    const process = await section(editorPage, 'How the rating was reached').innerText();
    expect(process).toMatch(/Mostly accurate to Accurate \(1 step\)/);
    expect(process).toMatch(/3 of 4/);
  }, 120_000);

  test('the researchers’ export: one row per assessment of the published claim, reviewers as pseudonyms', async () => {
    await editorPage.goto(`${app.baseUrl}/export?format=assessments`);
    await editorPage.getByRole('status').filter({ hasText: 'This export will hold 4 rows.' }).waitFor();
    const response = await editorPage.request.get(`${app.baseUrl}/export/download?format=assessments`);
    expect(response.status()).toBe(200);
    const csv = (await response.text()).replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).every((line) => line.includes(`,${ids.A},`) && /,reviewer-[0-9a-f]{12},/.test(line) && line.endsWith(',accurate,5'))).toBe(true);
    for (const person of REVIEWERS) expect(csv).not.toContain(person.name);
    const refused = await pages[0]!.request.get(`${app.baseUrl}/export/download?format=assessments`);
    expect(refused.status()).toBe(403);
  }, 60_000);
});
