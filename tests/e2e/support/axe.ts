import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

export interface A11yViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

/** Runs axe-core in the page and returns the WCAG A/AA violations of every impact. */
export async function runAxe(page: Page): Promise<A11yViolation[]> {
  // The app's Content-Security-Policy only runs scripts carrying its nonce, so an injected
  // <script> tag (page.addScriptTag) would be refused; DevTools evaluation is not subject to CSP.
  const loaded = await page.evaluate(`${axe.source}\n;typeof window.axe === 'object'`);
  if (loaded !== true) throw new Error('axe-core did not load into the page');
  return page.evaluate(async (tags) => {
    const engine = (window as unknown as { axe: typeof axe }).axe;
    const results = await engine.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      targets: violation.nodes.map((node) => node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part))).join(' ')),
    }));
  }, [...WCAG_TAGS]);
}

/**
 * Fails listing each serious or critical WCAG A/AA violation on the page once it has settled. When the
 * page refreshes (router.refresh after a refused save, an action that revalidates it) its metadata
 * streams in again and React swaps its <title> for the new one, with a moment in between that has
 * none. So a test waits for what the refresh brings before auditing, and the audit then waits (up to
 * 5 s) for the title; a page that never gets one is audited anyway and fails on it.
 */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  await page.waitForFunction(() => document.title.trim() !== '', undefined, { timeout: 5_000 }).catch(() => undefined);
  const serious = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length === 0) return;
  const lines = serious.map(
    (v) => `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n    ${v.targets.slice(0, 10).join('\n    ')}`,
  );
  throw new Error(`${serious.length} serious/critical accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`);
}
