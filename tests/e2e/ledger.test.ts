import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import {
  DESKTOP,
  PHONE,
  demoClaim,
  demoUser,
  isSignInUrl,
  launchBrowser,
  newAppContext,
  responseFindings,
  screenshot,
  section,
  signInAs,
  startApp,
  type RunningApp,
} from './support/harness';

const MEASURE_PATH = '/measures/north-korean-troops-in-russia';
const PENTAGON = 'Pentagon (US Department of Defense)';
const ZELENSKY = 'Volodymyr Zelensky';
const pentagon = demoClaim('pentagon-troop-estimate');
const zelensky = demoClaim('zelensky-troop-projection');

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('the ledger needs a signed-in user', async () => {
  const context = await newAppContext(browser, app.baseUrl);
  try {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}${MEASURE_PATH}`);
    expect(isSignInUrl(page.url())).toBe(true);
    expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe(MEASURE_PATH);
  } finally {
    await context.close();
  }
});

describe.each([
  { device: 'desktop', viewport: DESKTOP, phone: false },
  { device: 'phone', viewport: PHONE, phone: true },
])('the estimate ledger at $device width', ({ device, viewport, phone }) => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newAppContext(browser, app.baseUrl, { viewport, phone });
    page = await signInAs(context, app.baseUrl, demoUser('reviewer'));
    await page.goto(`${app.baseUrl}${MEASURE_PATH}`);
    await page.getByRole('heading', { level: 1, name: 'North Korean troops in Russia' }).waitFor();
    await screenshot(page, `ledger-${device}`);
  });

  afterAll(async () => {
    await context?.close();
  });

  test('draws both troop figures on one chart with a text alternative', async () => {
    const chart = page.getByRole('img', { name: /on a log scale/ });
    await expect(chart.count()).resolves.toBe(1);
    const name = (await chart.getAttribute('aria-label')) ?? '';
    expect(name).toContain(`${PENTAGON}: at most 10,000 troops, estimate, as of 18 Dec 2024.`);
    expect(name).toContain(`${ZELENSKY}: at most 100,000 troops, projection, as of 18 Dec 2024.`);
    const drawn = await chart.evaluate((svg) => ({
      text: svg.textContent ?? '',
      width: svg.getBoundingClientRect().width,
      arrows: svg.querySelectorAll('.ledger-open-head').length,
      title: svg.querySelector('title')?.textContent ?? '',
      axisStart: Number(svg.querySelector('line.ledger-axis')?.getAttribute('x1')),
      // Each "at most": where its line ends on the open side, where its value sits, and whether it fades out.
      open: [...svg.querySelectorAll('[data-bound="arrow-left"]')].map((mark) => {
        const line = mark.querySelector('line.ledger-open');
        const gradient = mark.querySelector('linearGradient');
        const stops = [...(gradient?.querySelectorAll('stop') ?? [])].map((stop) => getComputedStyle(stop).stopOpacity);
        return {
          from: Number(line?.getAttribute('x1')),
          to: Number(line?.getAttribute('x2')),
          paint: line?.getAttribute('stroke') ?? '',
          gradient: gradient?.id ?? '',
          stops,
          caps: mark.querySelectorAll('.ledger-cap').length,
        };
      }),
    }));
    expect(drawn.text).toContain(PENTAGON);
    expect(drawn.text).toContain('at most 10,000 troops');
    expect(drawn.text).toContain('at most 100,000 troops');
    expect(drawn.text).toContain('troops (log scale)');
    expect(drawn.arrows).toBe(2);
    expect(drawn.title).toContain('log scale');
    expect(drawn.width).toBeLessThanOrEqual(viewport.width);
    // "At most" is an open-ended bound: from the value a line fades out towards smaller numbers,
    // without an end cap and without reaching the axis start (it is not "between 1,000 and 10,000").
    expect(drawn.open).toHaveLength(2);
    for (const bound of drawn.open) {
      expect(bound.to).toBeLessThan(bound.from);
      expect(bound.to).toBeGreaterThan(drawn.axisStart);
      expect(bound.paint).toBe(`url(#${bound.gradient})`);
      expect(bound.stops).toEqual(['1', '0']);
      expect(bound.caps).toBe(0);
    }
  });

  test('explains the open-ended bound in the legend', async () => {
    const legend = page.getByRole('list', { name: 'Legend: bounds' });
    await expect(legend.locator('[data-legend="at-most"]').textContent()).resolves.toContain('no lower end is stated');
    await expect(legend.locator('[data-legend="at-most"] .ledger-open-head').count()).resolves.toBe(1);
  });

  test('says in plain words why the figures are not comparable, from the modality and the link note', async () => {
    const comparisons = section(page, 'Comparisons');
    const text = (await comparisons.textContent()) ?? '';
    expect(text).toContain(`${PENTAGON} vs ${ZELENSKY}: Not directly comparable: different modality (estimate vs projection).`);
    expect(text).toContain(
      `${PENTAGON} gives an estimate of what has already happened (at most 10,000 troops); ${ZELENSKY} gives a projection of what could happen (at most 100,000 troops).`,
    );
    expect(text).toContain('both can be right and neither contradicts the other');
    expect(text).toContain('When the claims were linked, a reviewer noted: “Two figures for North Korean troops in Russia, not directly comparable');
    expect(text).toContain('"could be deployed" (projection)');
    await expect(comparisons.getByText(/contradict each other\./).count()).resolves.toBe(0);
  });

  test('lists the same figures in a table, linked to their claims', async () => {
    const table = page.getByRole('table', { name: /Every figure for North Korean troops in Russia/ });
    const rows = table.getByRole('row');
    await expect(rows.count()).resolves.toBe(3);
    const pentagonRow = rows.filter({ has: page.getByRole('rowheader', { name: new RegExp(PENTAGON.replace(/[()]/g, '\\$&')) }) });
    await expect(pentagonRow.getByRole('cell').first().textContent()).resolves.toBe('at most 10,000 troops');
    await expect(pentagonRow.textContent()).resolves.toContain(pentagon.appearance.quote);
    await expect(pentagonRow.textContent()).resolves.toContain('Estimate');
    const zelenskyRow = rows.filter({ has: page.getByRole('rowheader', { name: new RegExp(ZELENSKY) }) });
    await expect(zelenskyRow.textContent()).resolves.toContain(zelensky.appearance.quote);
    await expect(zelenskyRow.textContent()).resolves.toContain('Projection');

    const link = table.getByRole('link', { name: ZELENSKY });
    expect(await link.getAttribute('href')).toMatch(/^\/claims\/\d+$/);
  });

  test('passes axe and does not scroll sideways', async () => {
    await expectNoSeriousA11yViolations(page);
    if (phone) expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  test('the measures list links to the ledger', async () => {
    await page.goto(`${app.baseUrl}/measures`);
    await page.getByRole('heading', { level: 1, name: 'Measures' }).waitFor();
    await screenshot(page, `measures-${device}`);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: 'North Korean troops in Russia' }).click();
    await page.waitForURL((url) => url.pathname === MEASURE_PATH);
    await page.getByRole('heading', { level: 1, name: 'North Korean troops in Russia' }).waitFor();
    await expect(page.getByText('2 figures', { exact: false }).first().isVisible()).resolves.toBe(true);
  });
});

test('an unknown measure is not found', async () => {
  const context = await newAppContext(browser, app.baseUrl);
  try {
    const page = await signInAs(context, app.baseUrl, demoUser('editor'));
    const response = await page.goto(`${app.baseUrl}/measures/no-such-measure`);
    expect(response?.status()).toBe(404);
  } finally {
    await context.close();
  }
});

test('every response carried a strict CSP and no password hash', async () => {
  const findings = await responseFindings();
  expect(findings.issues).toEqual([]);
  expect(findings.documents).toBeGreaterThan(0);
});
