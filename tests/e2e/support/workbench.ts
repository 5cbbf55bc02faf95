import Database from 'better-sqlite3';
import type { Locator, Page } from 'playwright-core';

/**
 * Helpers for the signed-in workbench pages (the claim page above all), on top of ./harness.ts.
 * Selectors stay accessible: labels, roles, names, and the text of a disclosure's summary.
 */

/** The id the app gave a claim, read from its database (read-only) by the claim's statement. */
export function claimIdOf(dbFile: string, statement: string): number {
  const sqlite = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const row = sqlite.prepare('SELECT id FROM claims WHERE statement = ?').get(statement) as { id: number } | undefined;
    if (!row) throw new Error(`no claim "${statement}" in ${dbFile}`);
    return row.id;
  } finally {
    sqlite.close();
  }
}

/** Opens a claim page and waits for its statement heading. */
export async function gotoClaim(page: Page, baseUrl: string, claimId: number, statement: string): Promise<void> {
  await page.goto(`${baseUrl}/claims/${claimId}`);
  await page.getByRole('heading', { level: 1, name: statement, exact: true }).waitFor();
}

/**
 * The <details> whose summary reads `summary`, opened if it was closed (a click on the summary, as
 * a person would). Returns the details element, so its form can be searched within it. A deferred
 * disclosure of the claim page (form-disclosure.tsx) renders its content once React sees it open:
 * with JavaScript, this waits for that; without, the content is the "Open the form" link.
 */
export async function openDisclosure(scope: Locator | Page, summary: string | RegExp): Promise<Locator> {
  const summaryElement = scope
    .locator('summary')
    .filter({ hasText: typeof summary === 'string' ? new RegExp(`^\\s*${escapeRegExp(summary)}`) : summary })
    .first();
  const details = summaryElement.locator('xpath=..');
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) {
    await summaryElement.click();
    await details.locator('xpath=self::details[@open]').waitFor();
  }
  if (await details.evaluate(() => '__next_f' in window)) await details.locator('xpath=./p[@class="deferred-form"]').waitFor({ state: 'detached' });
  return details;
}

/** Waits for a polite status message (role="status") with this text inside the scope. */
export async function waitForStatus(scope: Locator | Page, text: string | RegExp): Promise<void> {
  await scope.getByRole('status').filter({ hasText: text }).first().waitFor();
}

/** The texts of the list items of the first list of a scope, trimmed. */
export async function itemTexts(list: Locator): Promise<string[]> {
  return (await list.getByRole('listitem').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/**
 * What a person reads in an element apart from its forms (whose radio labels name every rating
 * on the scale) and closed disclosures: the text blind rating must keep clean.
 */
export async function readableTextOutsideForms(scope: Locator): Promise<string> {
  return scope.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const form of Array.from(copy.querySelectorAll('form'))) form.remove();
    return (copy.textContent ?? '').replace(/\s+/g, ' ');
  });
}

/** The list that follows a heading (as in "Before this can be published" + its <ul>). */
export function listAfterHeading(heading: Locator): Locator {
  return heading.locator('xpath=following-sibling::*[self::ul or self::ol][1]');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Opens every closed <details> on the page (nested ones too), so that an accessibility check sees
 * every form and list the page holds. Returns how many are open afterwards.
 */
export async function openEveryDisclosure(page: Page): Promise<number> {
  // The header's phone Menu is navigation, not a section of the page: left closed, it covers nothing.
  const closed = page.locator('details:not([open]):not(.nav-menu) > summary').filter({ visible: true });
  for (let clicks = 0; (await closed.count()) > 0; clicks += 1) {
    if (clicks > 200) throw new Error('disclosures keep closing again');
    await closed.first().click();
  }
  return page.locator('details[open]').count();
}
