import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_EVIDENCE } from '@/db/seed/demo-evidence';
import {
  demoClaim,
  demoUser,
  launchBrowser,
  newAppContext,
  responseFindings,
  section,
  signInAs,
  startApp,
  type RunningApp,
} from './support/harness';
import { claimIdOf, gotoClaim, openDisclosure } from './support/workbench';

const pentagon = demoClaim('pentagon-troop-estimate');
const zelensky = demoClaim('zelensky-troop-projection');
const japan = demoClaim('japan-similar-restrictions');
const southKorea = demoClaim('south-korea-blacklist');
const STANCE_HEADINGS = { supports: 'Supports', refutes: 'Refutes', adds_context: 'Adds context' } as const;
/** The pager's links may carry arrows ("Older →"). */
const OLDER = /^\W*Older\W*$/;
const NEWER = /^\W*Newer\W*$/;

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  context = await newAppContext(browser, app.baseUrl);
  page = await signInAs(context, app.baseUrl, demoUser('reviewer'));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

interface ResultItem {
  statement: string;
  href: string;
  marks: string[];
}

/** The claims listed in the page's main content: statement links to /claims/{id} and their <mark>s. */
async function results(): Promise<ResultItem[]> {
  return page.getByRole('main').evaluate((main) =>
    Array.from(main.querySelectorAll('a[href]'))
      .filter((a) => /^\/claims\/\d+$/.test(new URL((a as HTMLAnchorElement).href).pathname))
      .map((a) => {
        const item = a.closest('li, article, [role="listitem"]') ?? a;
        return {
          statement: (a.textContent ?? '').trim(),
          href: new URL((a as HTMLAnchorElement).href).pathname,
          marks: Array.from(item.querySelectorAll('mark')).map((mark) => (mark.textContent ?? '').trim()),
        };
      }),
  );
}

async function search(q: string): Promise<void> {
  await page.goto(`${app.baseUrl}/claims`);
  const form = page.getByRole('search');
  await form.getByRole('searchbox', { name: 'Search claims' }).fill(q);
  await form.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/claims' && url.searchParams.get('q') === q);
  await page.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
}

/** Follows "Older" links from the current page, collecting every listed claim. */
async function allListedClaims(): Promise<ResultItem[]> {
  const seen = [...(await results())];
  for (let pageCount = 1; pageCount < 50; pageCount += 1) {
    const older = page.getByRole('link', { name: OLDER });
    if ((await older.count()) === 0) break;
    const before = page.url();
    await older.click();
    await page.waitForURL((url) => url.href !== before);
    await page.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
    seen.push(...(await results()));
  }
  return seen;
}

async function openClaim(statement: string): Promise<void> {
  await search('troops');
  const link = page.getByRole('main').getByRole('link', { name: statement, exact: true });
  if ((await link.count()) === 0) {
    await page.goto(`${app.baseUrl}/claims`);
    const all = await allListedClaims();
    const found = all.find((item) => item.statement === statement);
    if (!found) throw new Error(`the claim "${statement}" is not listed`);
    await page.goto(`${app.baseUrl}${found.href}`);
  } else {
    await link.click();
    await page.waitForURL((url) => /^\/claims\/\d+$/.test(url.pathname));
  }
  await page.getByRole('heading', { level: 1, name: statement }).waitFor();
}

describe('the claims list', () => {
  test('has a search form with the filters of the UI contract', async () => {
    await page.goto(`${app.baseUrl}/claims`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Claims');
    const form = page.getByRole('search');
    expect(await form.getByRole('searchbox', { name: 'Search claims' }).count()).toBe(1);
    const statuses = await form.getByLabel('Status', { exact: true }).locator('option').allTextContents();
    expect(statuses.map((s) => s.trim())).toEqual(['All', 'Draft', 'In review', 'Ready', 'Published', 'Retracted']);
    // The claimant is typed, with a list of suggested names (the input's datalist).
    const claimant = form.getByLabel('Claimant', { exact: true });
    const listId = await claimant.getAttribute('list');
    const claimants = await page
      .locator(`datalist[id="${listId}"] option`)
      .evaluateAll((options) => (options as HTMLOptionElement[]).map((option) => option.value.trim()));
    expect(claimants.some((name) => name.includes(pentagon.claimant.name))).toBe(true);
    expect(claimants.some((name) => name.includes(zelensky.claimant.name))).toBe(true);
    expect(await form.getByRole('checkbox', { name: 'Disputed only' }).isChecked()).toBe(false);
    expect(await form.getByRole('button', { name: 'Apply', exact: true }).count()).toBe(1);
  });

  test('lists the Pentagon and Zelensky claims, each linking to its page', async () => {
    await page.goto(`${app.baseUrl}/claims`);
    const listed = await allListedClaims();
    const statements = listed.map((item) => item.statement);
    expect(statements).toContain(pentagon.statement);
    expect(statements).toContain(zelensky.statement);
    expect(new Set(listed.map((item) => item.href)).size).toBe(listed.length);
  });

  test.each([
    ['Pentagon', pentagon.statement, /pentagon/i],
    ['Zelensky', zelensky.statement, /zelensky/i],
    ['troops', pentagon.statement, /^troops?$/i],
  ])('a search for "%s" finds the claim and marks the match', async (q, statement, marked) => {
    await search(q);
    expect(await page.getByRole('searchbox', { name: 'Search claims' }).inputValue()).toBe(q);
    const found = await results();
    const item = found.find((result) => result.statement === statement);
    expect(item, `"${statement}" among ${JSON.stringify(found.map((r) => r.statement))}`).toBeDefined();
    const marks = item?.marks ?? [];
    expect(marks.filter((mark) => marked.test(mark)), `a <mark> matching ${marked} in "${statement}" or its claimant`).not.toEqual([]);
    for (const result of found) expect(result.marks.length, `a <mark> in "${result.statement}"`).toBeGreaterThan(0);
    expect(found.map((result) => result.statement)).not.toContain(japan.statement);
  });

  test.each(['"NEAR(troops*', '(((', '<img src=x onerror=alert(1)>'])(
    'a hostile search for %s shows an ordinary page',
    async (q) => {
      await search(q);
      expect(await page.getByRole('searchbox', { name: 'Search claims' }).inputValue()).toBe(q);
      const empty = await page.getByText('No claims match these filters.').count();
      expect(empty + (await results()).length).toBeGreaterThan(0);
      expect(await page.locator('main img').count()).toBe(0);

      const response = await page.goto(`${app.baseUrl}/claims?q=${encodeURIComponent(q)}`);
      expect(response?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Claims');
    },
  );

  test('says so when nothing matches', async () => {
    await search('zyzzogeton');
    expect(await results()).toEqual([]);
    expect(await page.getByText('No claims match these filters.').count()).toBe(1);
  });

  test('filters by a claimant typed by name, and says so when no source has that name', async () => {
    await page.goto(`${app.baseUrl}/claims`);
    const form = page.getByRole('search');
    await form.getByLabel('Claimant', { exact: true }).fill(pentagon.claimant.name.toUpperCase());
    await form.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.has('claimantName'));
    const listed = (await results()).map((r) => r.statement);
    expect(listed).toContain(pentagon.statement);
    expect(listed).not.toContain(zelensky.statement);

    await form.getByLabel('Claimant', { exact: true }).fill('Nobody By This Name');
    await form.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('claimantName') === 'Nobody By This Name');
    const claimant = page.getByRole('search').getByLabel('Claimant', { exact: true });
    expect(await claimant.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#claimant-error').innerText()).toContain('No source is named “Nobody By This Name”');
    expect(await results()).toEqual([]);
  });

  test('pages through the claims with Older and Newer links', async () => {
    await page.goto(`${app.baseUrl}/claims?limit=4`);
    const first = await results();
    expect(first).toHaveLength(4);
    expect(await page.getByRole('link', { name: NEWER }).count()).toBe(0);

    await page.getByRole('link', { name: OLDER }).click();
    await page.getByRole('link', { name: NEWER }).waitFor();
    const second = await results();
    expect(second.length).toBeGreaterThan(0);
    expect(second.map((r) => r.href).filter((href) => first.some((f) => f.href === href))).toEqual([]);

    await page.getByRole('link', { name: NEWER }).click();
    await page.waitForFunction(
      (hrefs) => {
        const listed = Array.from(document.querySelectorAll('main a[href]'))
          .map((a) => new URL((a as HTMLAnchorElement).href).pathname)
          .filter((path) => /^\/claims\/\d+$/.test(path));
        return JSON.stringify(listed) === JSON.stringify(hrefs);
      },
      first.map((r) => r.href),
    );
    expect((await results()).map((r) => r.href)).toEqual(first.map((r) => r.href));
  });
});

describe('a claim page', () => {
  test('shows the Pentagon claim with its appearance, quantity and related claim', async () => {
    await openClaim(pentagon.statement);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(pentagon.statement);
    expect(await page.getByRole('main').innerText()).toMatch(/\bIn review\b/);

    const claim = await section(page, 'Claim').innerText();
    expect(claim).toContain(pentagon.claimant.name);
    expect(claim).toMatch(/2024-12-18|18 Dec(ember)? 2024|Dec(ember)? 18, 2024/);
    expect(claim).toContain(pentagon.context);

    const appearances = section(page, 'Appearances');
    expect((await appearances.locator('blockquote').first().innerText()).trim()).toContain(pentagon.appearance.quote);
    const articleLink = appearances.getByRole('link', { name: pentagon.appearance.title });
    expect(await articleLink.getAttribute('href')).toBe(pentagon.appearance.url);
    expect(await appearances.innerText()).toContain(pentagon.appearance.publisher.name);

    const quantity = await section(page, 'Quantity').innerText();
    expect(quantity).toContain('at most 10,000 troops');
    expect(quantity).toMatch(/\bestimate\b/i);
    expect(quantity).toContain('North Korean troops in Russia');

    const related = section(page, 'Related claims');
    expect(await related.innerText()).toMatch(/same measure/i);
    const zelenskyLink = related.getByRole('link', { name: zelensky.statement });
    expect(await zelenskyLink.getAttribute('href')).toMatch(/^\/claims\/\d+$/);

    for (const name of ['Evidence', 'Assessments', 'Disagreements', 'Verdict', 'History']) {
      expect(await page.getByRole('heading', { level: 2, name, exact: true }).count(), name).toBe(1);
    }

    await zelenskyLink.click();
    await page.getByRole('heading', { level: 1, name: zelensky.statement }).waitFor();
    const zelenskyQuantity = await section(page, 'Quantity').innerText();
    expect(zelenskyQuantity).toContain('at most 100,000 troops');
    expect(zelenskyQuantity).toMatch(/\bprojection\b/i);
    expect(await section(page, 'Related claims').getByRole('link', { name: pentagon.statement }).count()).toBe(1);
  });

  test('adds an appearance whose publisher is typed, adding a new source once its kind is chosen', async () => {
    await gotoClaim(page, app.baseUrl, claimIdOf(app.dbFile, japan.statement), japan.statement);
    const appearances = section(page, 'Appearances');
    let adder = await openDisclosure(appearances, 'Add an appearance');
    const publisher = `Gazette of End-to-End ${Date.now()}`;
    await adder.getByLabel('Appearance URL', { exact: true }).fill('https://news.example/e2e/typed-publisher');
    await adder.getByLabel('Appearance title', { exact: true }).fill('Typed publisher');
    await adder.getByLabel('Publisher', { exact: true }).fill(publisher);
    await adder.getByRole('button', { name: 'Add appearance', exact: true }).click();
    await page.getByText(`No source is named “${publisher}”`).first().waitFor();

    adder = await openDisclosure(appearances, 'Add an appearance');
    expect(await adder.getByLabel('Publisher', { exact: true }).inputValue()).toBe(publisher);
    await adder.getByLabel('Kind, to add it as a new source', { exact: true }).selectOption('media');
    await adder.getByRole('button', { name: 'Add appearance', exact: true }).click();
    await appearances.getByRole('link', { name: 'Typed publisher' }).waitFor();
    expect(await appearances.innerText()).toContain(publisher);
  });

  test('without JavaScript, refuses an unknown publisher next to the field and adds it once its kind is chosen', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() });
    try {
      const plain = await noScript.newPage();
      await gotoClaim(plain, app.baseUrl, claimIdOf(app.dbFile, southKorea.statement), southKorea.statement);
      const publisher = `Bulletin Without Scripts ${Date.now()}`;
      const title = 'Typed publisher, no JavaScript';
      // The form is rendered when opened: without JavaScript the opened disclosure links to the page with it open.
      await (await openDisclosure(section(plain, 'Evidence'), 'Add evidence')).getByRole('link', { name: 'Open the form', exact: true }).click();
      await plain.waitForURL((url) => url.searchParams.get('edit') === 'add-evidence');
      let adder = await openDisclosure(section(plain, 'Evidence'), 'Add evidence');
      await adder.getByLabel('Evidence URL', { exact: true }).fill('https://news.example/e2e/no-script');
      await adder.getByLabel('Title', { exact: true }).fill(title);
      await adder.getByLabel('Publisher', { exact: true }).fill(publisher);
      await adder.getByLabel('Adds context', { exact: true }).check();
      await adder.getByRole('button', { name: 'Add evidence', exact: true }).click();
      await plain.getByText(`No source is named “${publisher}”`).first().waitFor();

      adder = await openDisclosure(section(plain, 'Evidence'), 'Add evidence');
      const field = adder.getByLabel('Publisher', { exact: true });
      expect(await field.inputValue()).toBe(publisher);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await adder.getByLabel('Kind, to add it as a new source', { exact: true }).selectOption('media');
      await adder.getByRole('button', { name: 'Add evidence', exact: true }).click();
      const entry = section(plain, 'Evidence').getByRole('article', { name: title });
      await entry.waitFor();
      expect(await entry.innerText()).toContain(publisher);
    } finally {
      await noScript.close();
    }
  });

  test('shows the review of the Pentagon claim: evidence by stance, both ratings, the open disagreement', async () => {
    await gotoClaim(page, app.baseUrl, claimIdOf(app.dbFile, pentagon.statement), pentagon.statement);
    expect(await page.getByRole('main').getByText('Disputed', { exact: true }).count()).toBe(1);

    const evidence = section(page, 'Evidence');
    const items = DEMO_EVIDENCE['pentagon-troop-estimate'] ?? [];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      const entry = evidence.getByRole('region', { name: STANCE_HEADINGS[item.stance] }).getByRole('article', { name: item.title });
      expect(await entry.getByRole('link', { name: item.title }).getAttribute('href'), item.title).toBe(item.url);
    }

    // The signed-in reviewer rated it, so both ratings show, on the scale and as lines.
    const assessments = section(page, 'Assessments');
    const spread = assessments.getByRole('table', { name: 'Spread of current ratings' });
    expect(await spread.getByRole('row', { name: /^Mixed/ }).innerText()).toContain('Rosa Reviewer (65)');
    expect(await spread.getByRole('row', { name: /^Accurate/ }).innerText()).toContain('Ravi Reviewer (70)');
    expect(await assessments.innerText()).toMatch(/Rosa Reviewer: Mixed, confidence 65/);

    const disagreement = section(page, 'Disagreements').getByRole('article', { name: 'Between reviewers' });
    expect(await disagreement.getByRole('status').innerText()).toBe('Open');
    expect(await disagreement.innerText()).toContain('Rosa Reviewer rated it Mixed and Ravi Reviewer rated it Accurate: 2 steps apart.');
    const thread = await disagreement.getByRole('list', { name: 'Discussion' }).getByRole('listitem').allInnerTexts();
    expect(thread.map((comment) => comment.split(/\s/)[0])).toEqual(['Ravi', 'Rosa', 'Edith']);
    expect(await disagreement.getByRole('button', { name: 'Post comment', exact: true }).count()).toBe(1);
    // Resolving and drafting verdicts are for editors.
    expect(await disagreement.getByRole('button', { name: 'Resolve disagreement' }).count()).toBe(0);
    const verdict = section(page, 'Verdict');
    expect(await verdict.innerText()).toContain('No verdict published yet.');
    expect(await verdict.getByRole('button', { name: 'Save draft' }).count()).toBe(0);

    const history = await openDisclosure(section(page, 'History'), 'Every change to this claim');
    const lines = (await history.getByRole('listitem').allInnerTexts()).join('\n');
    expect(lines).toContain('Rosa Reviewer rated it mixed with confidence 65.');
    expect(lines).toContain('A disagreement opened automatically: Rosa Reviewer rated it Mixed');
    expect(lines).toContain('Edith Editor commented on the disagreement.');
  });

  test('a corrected claim shows its current verdict, the earlier version and the public page', async () => {
    const claimId = claimIdOf(app.dbFile, southKorea.statement);
    await gotoClaim(page, app.baseUrl, claimId, southKorea.statement);
    const verdict = section(page, 'Verdict');
    expect(await verdict.innerText()).toMatch(/Corrected\s+Accurate · version 2/);
    expect(await verdict.innerText()).toMatch(/Corrected the date of the announcement/);
    const earlier = await openDisclosure(verdict, 'Earlier versions (1)');
    expect(await earlier.innerText()).toMatch(/Published\s+Accurate · version 1/);
    await verdict.getByRole('link', { name: 'Public verdict page' }).click();
    await page.waitForURL((url) => url.pathname === `/verdicts/${claimId}`);
    expect(await section(page, 'Corrections and versions').innerText()).toContain('Version 2 (correction)');
  });

  test.each(['999999', 'abc'])('/claims/%s is a 404 page saying the claim was not found', async (id) => {
    const response = await page.goto(`${app.baseUrl}/claims/${id}`);
    expect(response?.status()).toBe(404);
    expect(await page.getByText('Claim not found').count()).toBeGreaterThan(0);
  });
});

test('every page served had a strict Content-Security-Policy and no password hash', async () => {
  const findings = await responseFindings();
  expect(findings.documents).toBeGreaterThan(10);
  expect(findings.issues).toEqual([]);
});
