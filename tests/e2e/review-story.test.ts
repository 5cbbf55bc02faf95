import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  alerts,
  demoClaim,
  demoUser,
  launchBrowser,
  newAppContext,
  responseFindings,
  screenshot,
  section,
  signInAs,
  startApp,
  type RunningApp,
} from './support/harness';
import { claimIdOf, gotoClaim, itemTexts, listAfterHeading, openDisclosure, readableTextOutsideForms, waitForStatus } from './support/workbench';

/**
 * The review story, from the demo: reviewer 1 adds evidence and rates the Zelensky claim "mostly
 * inaccurate"; reviewer 2, blind to that, rates it "accurate"; a disagreement opens by itself and
 * reaches the queue; they comment; the editor resolves it, is told what the verdict lacks, fixes it
 * and publishes; the public page shows it; a correction makes version 2; the history shows every
 * step. One browser context per person; the steps run in order and build on each other.
 */

const zelensky = demoClaim('zelensky-troop-projection');
const rosa = demoUser('reviewer', 0);
const ravi = demoUser('reviewer', 1);
const edith = demoUser('editor');

const EVIDENCE = {
  url: 'https://example.org/e2e/zelensky-100000-unsourced',
  title: 'E2E: no intelligence service has given a figure near 100,000',
  quote: 'No Western or South Korean estimate has gone above 12,000.',
  note: 'Added in the end-to-end review story.',
};
const ROSA_RATIONALE = 'E2E Rosa: the 100,000 figure is unsourced and ten times every intelligence estimate.';
const RAVI_RATIONALE = 'E2E Ravi: he said "could be deployed"; the article reports a projection as a projection.';
const ROSA_COMMENT = 'E2E: a projection with no source behind it is still a claim we can rate.';
const RAVI_COMMENT = 'E2E: the article hedges it, and he did say it on 19 November.';
const RESOLUTION = 'E2E: rate what he claimed, a projection without any public basis: mostly inaccurate.';
const HEADLINE = 'Mostly inaccurate: nothing public supports a deployment of 100,000 North Korean troops';
const EXPLANATION = 'Zelensky said the contingent could grow to 100,000; no intelligence service has estimated more than about 12,000.';
const CORRECTED = `${EXPLANATION} He made the remark on 19 November 2024, to the European Parliament.`;
const CORRECTION_NOTE = 'E2E: added where and when Zelensky made the remark.';

let app: RunningApp;
let browser: Browser;
let claimId: number;
let rosaPage: Page;
let raviPage: Page;
let edithPage: Page;
let publicPage: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  claimId = claimIdOf(app.dbFile, zelensky.statement);
  const signedIn = async (user: typeof rosa) => signInAs(await newAppContext(browser, app.baseUrl), app.baseUrl, user);
  [rosaPage, raviPage, edithPage] = [await signedIn(rosa), await signedIn(ravi), await signedIn(edith)];
  publicPage = await (await newAppContext(browser, app.baseUrl)).newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const openClaim = (page: Page) => gotoClaim(page, app.baseUrl, claimId, zelensky.statement);
const disagreement = (page: Page): Locator => section(page, 'Disagreements').getByRole('article', { name: 'Between reviewers' });

async function rate(page: Page, rating: string, confidence: string, rationale: string): Promise<void> {
  const assessments = section(page, 'Assessments');
  const form = await openDisclosure(assessments, /Your assessment|Change your assessment/);
  await form.getByRole('group', { name: 'Rating' }).getByRole('radio', { name: rating, exact: true }).check();
  await form.getByLabel('Confidence (0–100)', { exact: true }).fill(confidence);
  await form.getByLabel('Rationale', { exact: true }).fill(rationale);
  await form.getByRole('group', { name: 'Evidence this rating rests on' }).getByRole('checkbox', { name: EVIDENCE.title }).check();
  await form.getByRole('button', { name: 'Submit assessment', exact: true }).click();
}

/** The assessment lines ("Rosa Reviewer: Mostly inaccurate, confidence 75 · …") a page lists. */
function assessmentLine(page: Page, text: string): Locator {
  return section(page, 'Assessments').getByRole('listitem').filter({ hasText: text });
}

async function comment(page: Page, body: string): Promise<void> {
  await openClaim(page);
  const thread = disagreement(page);
  await thread.getByLabel('Comment', { exact: true }).fill(body);
  await thread.getByRole('button', { name: 'Post comment', exact: true }).click();
  await thread.getByRole('list', { name: 'Discussion' }).getByRole('listitem').filter({ hasText: body }).waitFor();
}

async function saveDraft(verdict: Locator, fields: { rating?: string; headline?: string; explanation?: string }): Promise<void> {
  if (fields.rating) await verdict.getByLabel('Verdict rating', { exact: true }).selectOption({ label: fields.rating });
  if (fields.headline !== undefined) await verdict.getByLabel('Headline', { exact: true }).fill(fields.headline);
  if (fields.explanation !== undefined) await verdict.getByLabel('Explanation', { exact: true }).fill(fields.explanation);
  await verdict.getByRole('button', { name: 'Save draft', exact: true }).click();
}

describe('the review story of the Zelensky claim', () => {
  test('reviewer 1 adds evidence and rates the claim "mostly inaccurate"', async () => {
    await openClaim(rosaPage);
    const evidence = section(rosaPage, 'Evidence');
    const adder = await openDisclosure(evidence, 'Add evidence');
    await adder.getByLabel('Evidence URL', { exact: true }).fill(EVIDENCE.url);
    await adder.getByLabel('Title', { exact: true }).fill(EVIDENCE.title);
    await adder.getByRole('group', { name: 'Stance' }).getByRole('radio', { name: 'Refutes', exact: true }).check();
    await adder.getByLabel('Exact quote', { exact: true }).fill(EVIDENCE.quote);
    await adder.getByLabel('Note', { exact: true }).fill(EVIDENCE.note);
    await adder.getByRole('button', { name: 'Add evidence', exact: true }).click();
    await waitForStatus(evidence, 'Evidence added.');
    const refuting = evidence.getByRole('region', { name: 'Refutes' });
    await refuting.getByRole('article', { name: EVIDENCE.title }).waitFor();
    expect(await refuting.getByRole('link', { name: EVIDENCE.title }).getAttribute('href')).toBe(EVIDENCE.url);

    await rate(rosaPage, 'Mostly inaccurate', '75', ROSA_RATIONALE);
    await assessmentLine(rosaPage, 'Rosa Reviewer: Mostly inaccurate, confidence 75').waitFor();
    // Only her own rating so far: no disagreement, not disputed.
    expect(await section(rosaPage, 'Disagreements').getByRole('article').count()).toBe(0);
    expect(await section(rosaPage, 'Claim').innerText()).not.toContain('disputed');
  });

  test('reviewer 2 sees that someone rated, but not the rating, until rating too', async () => {
    await openClaim(raviPage);
    const assessments = section(raviPage, 'Assessments');
    expect(await assessments.innerText()).toContain(
      '1 reviewer has rated this claim. Their ratings stay hidden until you submit your own, so that yours is independent.',
    );
    const visible = await readableTextOutsideForms(raviPage.getByRole('main'));
    expect(visible).not.toContain('Mostly inaccurate');
    expect(visible).not.toContain(ROSA_RATIONALE);
    expect(await readableTextOutsideForms(assessments)).not.toContain('Rosa Reviewer');
    const history = await openDisclosure(section(raviPage, 'History'), 'Every change to this claim');
    expect(await history.innerText()).toContain('Rosa Reviewer submitted an assessment (hidden until you submit yours).');
    expect((await history.innerText()).toLowerCase()).not.toContain('mostly inaccurate');
    // Not in the markup or the data the page sent either.
    const html = await (await raviPage.context().request.get(`${app.baseUrl}/claims/${claimId}`)).text();
    expect(html).not.toContain(ROSA_RATIONALE);
    await screenshot(raviPage, 'story-reviewer2-before-rating');

    await rate(raviPage, 'Accurate', '80', RAVI_RATIONALE);
    await assessmentLine(raviPage, 'Ravi Reviewer: Accurate, confidence 80').waitFor();
    await assessmentLine(raviPage, 'Rosa Reviewer: Mostly inaccurate, confidence 75').waitFor();
    expect(await section(raviPage, 'Assessments').innerText()).toContain(ROSA_RATIONALE);
    await screenshot(raviPage, 'story-reviewer2-after-rating');
  });

  test('the two ratings are three steps apart, so a disagreement opens by itself and the claim is disputed', async () => {
    await openClaim(raviPage);
    expect(await raviPage.getByRole('main').getByText('Disputed', { exact: true }).count()).toBe(1);
    expect(await section(raviPage, 'Claim').innerText()).toMatch(/In review \(disputed\)/);
    const opened = disagreement(raviPage);
    expect(await opened.getByRole('status').innerText()).toBe('Open');
    expect(await opened.innerText()).toMatch(/Opened automatically/);
    expect(await opened.innerText()).toMatch(/Rosa Reviewer|Ravi Reviewer/);
  });

  test('the queue lists the disagreement, and reviewer 1 finds it on the desk', async () => {
    await raviPage.goto(`${app.baseUrl}/disagreements`);
    const queue = raviPage.getByRole('list', { name: 'Open disagreements' });
    const link = queue.getByRole('link', { name: zelensky.statement, exact: true });
    expect(await link.getAttribute('href')).toBe(`/claims/${claimId}#disagreements-heading`);
    const item = queue.getByRole('listitem').filter({ has: raviPage.getByRole('link', { name: zelensky.statement, exact: true }) });
    expect(await item.innerText()).toContain('Between reviewers');
    await screenshot(raviPage, 'story-queue');

    await rosaPage.goto(`${app.baseUrl}/`);
    await rosaPage.getByRole('heading', { level: 1, name: 'Your desk' }).waitFor();
    const mine = rosaPage.getByRole('list', { name: 'Open disagreements you are part of' });
    expect(await mine.getByRole('link', { name: zelensky.statement, exact: true }).count()).toBe(1);
    const awaiting = rosaPage.getByRole('region', { name: /^Ready to rate/ });
    expect(await awaiting.getByRole('link', { name: zelensky.statement, exact: true }).count()).toBe(0);
  });

  test('the reviewers argue it out in the thread', async () => {
    await comment(rosaPage, ROSA_COMMENT);
    await comment(raviPage, RAVI_COMMENT);
    const thread = disagreement(raviPage).getByRole('list', { name: 'Discussion' });
    const comments = await itemTexts(thread);
    expect(comments).toHaveLength(2);
    expect(comments[0]).toMatch(/^Rosa Reviewer .*E2E: a projection/);
    expect(comments[1]).toMatch(/^Ravi Reviewer .*E2E: the article hedges it/);
  });

  test('the editor resolves the disagreement', async () => {
    await openClaim(edithPage);
    const opened = disagreement(edithPage);
    await opened.getByLabel('Resolution', { exact: true }).fill(RESOLUTION);
    await opened.getByRole('button', { name: 'Resolve disagreement', exact: true }).click();
    await opened.getByRole('status').filter({ hasText: 'Resolved' }).waitFor();
    expect(await opened.innerText()).toContain(RESOLUTION);
    expect(await opened.innerText()).toMatch(/Resolved by Edith Editor/);
    expect(await edithPage.getByRole('main').getByText('Disputed', { exact: true }).count()).toBe(0);

    await edithPage.goto(`${app.baseUrl}/disagreements`);
    expect(await edithPage.getByRole('main').getByRole('link', { name: zelensky.statement, exact: true }).count()).toBe(0);
  });

  test('publishing without a headline is refused with exactly what is missing; once fixed it publishes after a confirmation', async () => {
    await openClaim(edithPage);
    const verdict = section(edithPage, 'Verdict');
    const draft = verdict;
    await draft.getByRole('group', { name: 'Evidence the verdict rests on' }).getByRole('checkbox', { name: EVIDENCE.title }).check();
    await saveDraft(draft, { rating: 'Mostly inaccurate', headline: '', explanation: EXPLANATION });
    await waitForStatus(verdict, 'Verdict draft saved.');
    const missingHeading = verdict.getByRole('heading', { name: 'Before this can be published' });
    await missingHeading.waitFor();
    expect(await itemTexts(listAfterHeading(missingHeading))).toEqual(['Write a headline.']);

    // The claim itself is ready, so the button is open; the form's own gap is named beside its field.
    await verdict.getByRole('button', { name: 'Publish verdict', exact: true }).click();
    const refusal = alerts(edithPage).filter({ hasText: 'This claim is not ready to publish.' });
    await refusal.waitFor();
    expect(await itemTexts(refusal)).toEqual(['Write a headline.']);
    await screenshot(edithPage, 'story-editor-missing');

    // What is in the form is published, saved in the same step: no separate save first.
    await verdict.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await verdict.getByRole('button', { name: 'Publish verdict', exact: true }).click();
    const confirm = verdict.getByRole('region', { name: 'Publish this verdict?' });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain(`/verdicts/${claimId}`);
    await screenshot(edithPage, 'story-editor-ready');
    await confirm.getByRole('button', { name: 'Publish now', exact: true }).click();
    await verdict.getByText(/· version 1 ·/).waitFor();
    await screenshot(edithPage, 'story-editor-published');
    expect(await verdict.innerText()).toMatch(/Published\s+Mostly inaccurate · version 1/);
    expect(await verdict.innerText()).toContain(HEADLINE);
    // The editor is told it worked (checked last, so the story goes on if only the message is missing).
    await waitForStatus(edithPage, 'Verdict published (version 1).');
  });

  test('the public page shows the verdict to a signed-out reader', async () => {
    const response = await publicPage.goto(`${app.baseUrl}/verdicts/${claimId}`);
    expect(response?.status()).toBe(200);
    expect(await publicPage.getByRole('heading', { level: 1 }).innerText()).toBe(HEADLINE);
    const main = publicPage.getByRole('main');
    expect(await main.innerText()).toMatch(/Our rating\s+Mostly inaccurate/);
    expect(await main.innerText()).toContain(zelensky.statement);
    expect(await main.innerText()).toContain(EXPLANATION);
    const evidence = section(publicPage, 'Evidence');
    expect(await evidence.getByRole('link', { name: EVIDENCE.title }).getAttribute('href')).toBe(EVIDENCE.url);
    expect(await evidence.innerText()).toContain(EVIDENCE.quote);
    expect(await section(publicPage, 'Corrections and versions').innerText()).toMatch(/not corrected since\. Version 1\./);
    await screenshot(publicPage, 'story-public-v1');
  });

  test('the editor publishes a correction; the public page shows version 2 with its note', async () => {
    await openClaim(edithPage);
    const verdict = section(edithPage, 'Verdict');
    // One form: the edited explanation and the note go out together, after a look at what changes.
    const form = await openDisclosure(verdict, 'Edit the verdict for a correction');
    await form.getByLabel('Explanation', { exact: true }).fill(CORRECTED);
    await form.getByRole('button', { name: 'Review the correction', exact: true }).click();
    await alerts(edithPage).filter({ hasText: 'Enter the correction note' }).waitFor();
    await form.getByLabel('Correction note', { exact: true }).fill(CORRECTION_NOTE);
    await form.getByRole('button', { name: 'Review the correction', exact: true }).click();
    const review = verdict.getByRole('region', { name: 'Check the correction before it goes public' });
    await review.waitFor();
    expect(await review.getByRole('region', { name: 'Explanation' }).locator('ins').innerText()).not.toBe('');
    await review.getByRole('button', { name: 'Publish correction', exact: true }).click();
    await waitForStatus(verdict, 'Correction published (version 2).');
    expect(await verdict.innerText()).toMatch(/Corrected\s+Mostly inaccurate · version 2/);
    await screenshot(edithPage, 'story-editor-corrected');

    await publicPage.reload();
    const versions = await section(publicPage, 'Corrections and versions').innerText();
    expect(versions).toContain('Version 2 (correction)');
    expect(versions).toContain(CORRECTION_NOTE);
    expect(await publicPage.getByRole('main').innerText()).toContain(CORRECTED);
    await screenshot(publicPage, 'story-public-v2');
  });

  test('the history lists every step, in order', async () => {
    await openClaim(edithPage);
    const history = await openDisclosure(section(edithPage, 'History'), 'Every change to this claim');
    const lines = await itemTexts(history.getByRole('list'));
    const expected = [
      /Rosa Reviewer added refuting evidence “E2E: no intelligence service/,
      /Rosa Reviewer rated it mostly inaccurate with confidence 75\./,
      /Ravi Reviewer rated it accurate with confidence 80\./,
      /A disagreement opened automatically: /,
      /The claim is now disputed|the claim is now disputed/,
      /Rosa Reviewer commented on the disagreement\./,
      /Ravi Reviewer commented on the disagreement\./,
      /Edith Editor resolved the disagreement: E2E: rate what he claimed/,
      /Edith Editor (set the rating to|changed the rating from .* to) mostly inaccurate .*of the verdict draft\./,
      /Edith Editor edited the headline of the verdict draft\./,
      /Edith Editor published verdict version 1: mostly inaccurate, “Mostly inaccurate: nothing public/,
      /Edith Editor edited the explanation of the verdict draft\./,
      /Edith Editor published a correction as version 2 \(mostly inaccurate\): E2E: added where and when/,
    ];
    let from = 0;
    for (const pattern of expected) {
      const at = lines.findIndex((line, index) => index >= from && pattern.test(line));
      expect(at, `${pattern} after line ${from} of:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
    expect(lines.some((line) => /no longer disputed/.test(line))).toBe(true);
    await screenshot(edithPage, 'story-history');
  });
});

test('every page served had a strict Content-Security-Policy and no password hash', async () => {
  const findings = await responseFindings();
  expect(findings.documents).toBeGreaterThan(10);
  expect(findings.issues).toEqual([]);
});
