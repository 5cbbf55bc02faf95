import 'server-only';
import type { Db } from '@/db/open';
import { findUserByEmail } from '@/db/queries/users';
import { DEMO_DESK } from '@/db/seed/demo-data';
import { DEMO_FACTCHECKS, insertDemoFactchecks } from '@/db/seed/demo-factchecks';
import { linkFactcheck } from '@/lib/claims/factcheck-links';
import { reviewUrlKey } from '@/lib/validation/review-url';

/**
 * The demo's fact-checks published elsewhere (db/seed/demo-factchecks.ts), and the links the demo
 * desk made, through the same linkFactcheck a person's click runs (idempotent: a second run links
 * nothing new).
 */
export function seedDemoFactchecks(db: Db, claimIds: ReadonlyMap<string, number>): { factchecks: number; factcheckLinks: number } {
  const { inserted, ids } = insertDemoFactchecks(db, (url) => {
    const key = reviewUrlKey(url);
    if (key === null) throw new Error(`Demo fact-check URL ${url} is not a web address`);
    return key;
  });
  const editor = findUserByEmail(db, DEMO_DESK.editor.email);
  if (!editor) throw new Error(`Demo user ${DEMO_DESK.editor.email} is missing; the demo fact-checks are linked by the editor`);
  let links = 0;
  for (const item of DEMO_FACTCHECKS) {
    if (item.link === null) continue;
    const claimId = claimIds.get(item.link);
    const factcheckId = ids.get(item.url);
    if (claimId === undefined || factcheckId === undefined) throw new Error(`Demo fact-check ${item.url} links a claim not in the data set: ${item.link}`);
    if (linkFactcheck(db, { kind: 'user', ...editor }, { claimId, factcheckId }).linked) links++;
  }
  return { factchecks: inserted, factcheckLinks: links };
}
