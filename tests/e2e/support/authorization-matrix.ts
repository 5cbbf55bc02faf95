/**
 * The authorisation matrix: every page, every route handler method and every server action of the
 * app against every kind of caller, with what must happen. tests/e2e/authorization-matrix.test.ts
 * drives each cell over HTTP against one running app, checks that refused cells wrote nothing, and
 * fails when the build has a page, route method or action that is not listed here.
 *
 * Adding a row is a few lines: pick the entry helper (`page`, `route`, `action`), say how to build
 * a request that would SUCCEED for an allowed caller (so a refusal is about authorisation, not
 * validation), which tables it writes, and who may do it, e.g.
 *
 *   action('editSourceAction', {
 *     page: (f) => `/sources/${f.sourceId}`,
 *     writes: ['sources'],
 *     who: sessionAction(ROLES),
 *     fields: (f) => ({ sourceId: String(f.sourceId), version: String(f.row<{ v: number }>('SELECT version AS v FROM sources WHERE id = ?', f.sourceId).v), name: `Renamed ${f.cell}` }),
 *   }),
 *
 * Cells of one row run refused callers first, then allowed ones in the order of ACTORS, each
 * building its request when it runs (so versions and "the next open disagreement" are current).
 */

/** Who calls. Session actors hold a signed-in cookie; key actors send `Authorization: Bearer`. */
export const ACTORS = [
  'none',
  'disabled',
  'key:verdicts:read',
  'key:claims:write',
  'key:export:read',
  'key:all',
  'key:no-scope',
  'key:revoked',
  'editor-cross-site',
  'reviewer',
  'editor',
  'admin',
] as const;
export type ActorName = (typeof ACTORS)[number];

export const ACTOR_NOTES: Record<ActorName, string> = {
  none: 'no session, no key',
  disabled: 'an editor’s session cookie, taken before an admin disabled the account (users.disabled_at)',
  'key:verdicts:read': 'API key with only verdicts:read',
  'key:claims:write': 'API key with only claims:write',
  'key:export:read': 'API key with only export:read',
  'key:all': 'API key with every scope',
  'key:no-scope': 'API key with no scope at all',
  'key:revoked': 'API key with every scope, revoked',
  'editor-cross-site': 'the editor’s session, sent by another site’s page (Origin: https://evil.example, Sec-Fetch-Site: cross-site)',
  reviewer: 'reviewer1, signed in',
  editor: 'the editor, signed in',
  admin: 'the admin, signed in',
};

export type Role = 'reviewer' | 'editor' | 'admin';
export const ROLES: readonly Role[] = ['reviewer', 'editor', 'admin'];
export const KEY_ACTORS = ['key:verdicts:read', 'key:claims:write', 'key:export:read', 'key:all', 'key:no-scope', 'key:revoked'] as const;
export type Scope = 'verdicts:read' | 'claims:write' | 'export:read' | 'claims:read';

/**
 * What must happen:
 * - `allow`: page 200 showing its content; action `{ ok: true }` or its redirect; route 2xx.
 * - `signin`: page redirects to /signin?callbackUrl=<the page>; action returns the "Sign in" form
 *   error; route answers 401 problem+json with WWW-Authenticate.
 * - `forbid`: page answers 403 with its "only editors…" notice and none of its content; action returns the
 *   "not allowed" form error; route answers 403 problem+json.
 * - `hidden`: 404, the same as for something that does not exist.
 * - `redacted`: page 200 showing its content but not the row's `private` text (blind rating).
 * - `cross-site`: 403 problem+json from proxy.ts before anything runs.
 * - `{ redirect }`: a redirect to exactly this path (the sign-in page sends signed-in people on).
 */
export type Outcome = 'allow' | 'signin' | 'forbid' | 'hidden' | 'redacted' | 'cross-site' | { redirect: string };

export type Outcomes = Record<ActorName, Outcome>;

/**
 * Tables an allowed call writes (besides audit_events). Every cell is checked against the whole
 * database: a refused cell may change no table at all, an allowed one only these and the audit log.
 */
export type Table =
  /** Only for a call whose one write is its audit event (an export of reviewers' names). */
  | 'audit_events'
  | 'claims'
  | 'sources'
  | 'appearances'
  | 'quantities'
  | 'evidence'
  | 'assessments'
  | 'assessment_citations'
  | 'claim_links'
  | 'disagreements'
  | 'disagreement_comments'
  | 'verdict_drafts'
  | 'verdicts'
  | 'verdict_citations'
  | 'api_keys'
  | 'webhooks'
  | 'idempotency_keys'
  | 'users'
  | 'settings'
  | 'claim_factcheck_links'
  | 'duplicate_moves'
  | 'external_factchecks'
  | 'rating_mappings'
  | 'security_events';

/** Ids of the demo data and of the fixtures the test adds before the server starts. */
export interface Fixtures {
  /** A demo claim's id by its key in db/seed/demo-claims.ts. */
  claim(key: string): number;
  /** The first demo source (a claimant and publisher for new rows). */
  sourceId: number;
  /** The demo measure's key. */
  measureKey: string;
  userId(who: 'reviewer1' | 'reviewer2' | 'editor' | 'admin'): number;
  /** One row read from the app's database when the cell runs; throws if there is none. */
  row<T>(sql: string, ...params: unknown[]): T;
  /** Unique per cell, for values that must differ between allowed callers. */
  cell: string;
}

interface Base {
  /** Tells apart two rows for one route/action (e.g. a published and an unpublished claim). */
  variant?: string;
  who: Outcomes;
  /** Written by an allowed call; empty means nothing may be written by anyone. */
  writes: Table[];
}

export interface PageRow extends Base {
  kind: 'page';
  /** The app-router path, as in .next/server/app-paths-manifest.json. */
  route: string;
  path: (f: Fixtures) => string;
  /** Text only the allowed page shows. */
  shows?: string;
  /** The notice a forbidden caller sees instead. */
  notice?: string;
  /** Text an `allow` caller sees and a `redacted` one must not. */
  private?: string;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface RouteRow extends Base {
  kind: 'route';
  route: string;
  method: HttpMethod;
  path: (f: Fixtures) => string;
  /** A JSON body (sent as application/json). */
  json?: (f: Fixtures) => unknown;
  /** A form body (sent as application/x-www-form-urlencoded). */
  form?: (f: Fixtures) => Record<string, string>;
  /** Extra request headers. */
  headers?: (f: Fixtures) => Record<string, string>;
  /** Status of an allowed call when not 200. */
  status?: number;
}

export interface ActionRow extends Base {
  kind: 'action';
  /** The exported function's name. */
  name: string;
  /** A page that renders the action (actions are posted to the page that uses them). */
  page: (f: Fixtures) => string;
  /** A Blob goes in as a file (an upload form). */
  fields: (f: Fixtures) => Record<string, string | string[] | Blob>;
  /** The allowed reply shows a secret once (a webhook's signing secret) to the one who asked. */
  revealsWebhookSecret?: boolean;
}

export type MatrixRow = PageRow | RouteRow | ActionRow;

// ——— Who may: presets that spell out every actor ———

function outcomes(make: (actor: ActorName) => Outcome): Outcomes {
  return Object.fromEntries(ACTORS.map((actor) => [actor, make(actor)])) as Outcomes;
}

function sessionRole(actor: ActorName): Role | undefined {
  if (actor === 'editor-cross-site') return 'editor';
  return (ROLES as readonly string[]).includes(actor) ? (actor as Role) : undefined;
}

/** Everyone, signed in or not, with or without a key. */
export function everyone(outcome: Outcome = 'allow'): Outcomes {
  return outcomes(() => outcome);
}

/**
 * A workbench page or session route read with GET: signed-in people with one of `roles`; other
 * roles get `forbid`; no session, a disabled user's session or an API key get `signin`. A
 * cross-site GET is an ordinary link and is answered as for the editor.
 */
export function sessionRead(roles: readonly Role[]): Outcomes {
  return outcomes((actor) => {
    const role = sessionRole(actor);
    if (!role) return 'signin';
    return roles.includes(role) ? 'allow' : 'forbid';
  });
}

/** A server action: as sessionRead, but another site's page may never post one. */
export function sessionAction(roles: readonly Role[]): Outcomes {
  return { ...sessionRead(roles), 'editor-cross-site': 'cross-site' };
}

function keyScopes(actor: ActorName): Scope[] | 'revoked' | undefined {
  switch (actor) {
    case 'key:verdicts:read':
      return ['verdicts:read'];
    case 'key:claims:write':
      return ['claims:write'];
    case 'key:export:read':
      return ['export:read'];
    case 'key:all':
      return ['verdicts:read', 'claims:write', 'export:read', 'claims:read'];
    case 'key:no-scope':
      return [];
    case 'key:revoked':
      return 'revoked';
    default:
      return undefined;
  }
}

/**
 * An /api/v1 route for keys with `scope`. /api/v1 takes only keys, never the session cookie (it is
 * cross-origin by design, so a cookie there would be a CSRF hole): every session actor is `signin`.
 * A key without the scope is `forbid`; a revoked key is `signin`.
 */
export function keyOnly(scope: Scope): Outcomes {
  return outcomes((actor) => {
    const scopes = keyScopes(actor);
    if (scopes === undefined || scopes === 'revoked') return 'signin';
    return scopes.includes(scope) ? 'allow' : 'forbid';
  });
}

/**
 * Public data under /api/v1 (published verdicts): anyone without a key gets it, the session cookie
 * changing nothing (`anonymous`); a presented key must be valid and carry `scope`.
 */
export function publicOrKey(scope: Scope, anonymous: Outcome = 'allow'): Outcomes {
  return outcomes((actor) => {
    const scopes = keyScopes(actor);
    if (scopes === undefined) return anonymous;
    if (scopes === 'revoked') return 'signin';
    return scopes.includes(scope) ? 'allow' : 'forbid';
  });
}

// ——— Rows ———

function page(route: string, row: Omit<PageRow, 'kind' | 'route' | 'writes'>): PageRow {
  return { kind: 'page', route, writes: [], ...row };
}

function route(routePath: string, method: HttpMethod, row: Omit<RouteRow, 'kind' | 'route' | 'method'>): RouteRow {
  return { kind: 'route', route: routePath, method, ...row };
}

function action(name: string, row: Omit<ActionRow, 'kind' | 'name'>): ActionRow {
  return { kind: 'action', name, ...row };
}

// Demo claims by their role in the matrix (db/seed/demo-claims.ts keys).
/** Published, with evidence: public pages and reads, the CMS's article report. */
const PUBLISHED = 'us-treasury-sanctions';
/** Published with a complete draft: corrections. */
const TO_CORRECT = 'south-korea-blacklist';
/** A draft nobody has published: hidden from the public. */
const UNPUBLISHED = 'g7-joint-statement';
/** In review: viewing, appearances, new evidence. */
const IN_REVIEW = 'zelensky-troop-projection';
/** The test adds evidence by reviewer1 (4 items) and reviewer2 (3 items) here; verdict drafts too. */
const EVIDENCE_CLAIM = 'ri-pong-chun-front-lines';
/** The test opens four disagreements here and resolves two of them. */
const DISPUTED = 'japan-similar-restrictions';
/** Rated by every allowed caller. */
const TO_RATE = 'north-korean-troops-fighting';
/** Rated by reviewer2 alone (by the test), so reviewer1 has not rated it: blind rating. */
export const BLIND_RATED = { claim: 'g7-joint-statement', rationale: 'Blind rating fixture: the reasoning of reviewer two' } as const;
/** The test makes these two ready to publish (evidence, two agreeing ratings, a complete draft). */
export const READY_TO_PUBLISH = ['putin-defence-treaty', 'north-korea-treaty-pledge'] as const;
export const FIXTURE_CLAIMS = { EVIDENCE_CLAIM, DISPUTED } as const;
/** Claims the test adds (statement starting so) for the duplicate actions to merge and unmerge. */
export const DUPLICATE_FIXTURE = 'Matrix duplicate fixture';
/** Keys named like this are there to be revoked by the allowed callers of revokeApiKeyAction. */
export const REVOCABLE_KEY_NAME = 'matrix revocable';
/** A key made on the command line (held by nobody), for reassignApiKeyAction to give to the editor. */
export const REASSIGNABLE_KEY_NAME = 'matrix reassignable';
const WEBHOOK_URL = 'http://127.0.0.1:9/matrix-hook';

interface Versioned {
  id: number;
  version: number;
}

/** The first (or last) active evidence item on the evidence claim added by `who`. */
function evidenceBy(f: Fixtures, who: 'reviewer1' | 'reviewer2', end: 'first' | 'last'): Versioned {
  return f.row<Versioned>(
    `SELECT id, version FROM evidence WHERE claim_id = ? AND added_by = ? AND retracted_at IS NULL ORDER BY id ${end === 'first' ? 'ASC' : 'DESC'} LIMIT 1`,
    f.claim(EVIDENCE_CLAIM),
    f.userId(who),
  );
}

function disagreementOn(f: Fixtures, status: 'open' | 'resolved'): Versioned {
  return f.row<Versioned>(
    'SELECT id, version FROM disagreements WHERE claim_id = ? AND status = ? ORDER BY id LIMIT 1',
    f.claim(DISPUTED),
    status,
  );
}

function draftVersion(f: Fixtures, claimId: number): number {
  return f.row<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM verdict_drafts WHERE claim_id = ?', claimId).v;
}

function evidenceFields(f: Fixtures): Record<string, string> {
  return { url: `https://example.org/evidence/${encodeURIComponent(f.cell)}`, title: `Matrix evidence ${f.cell}`, stance: 'supports' };
}

export const MATRIX: MatrixRow[] = [
  // ——— Pages ———
  page('/(workbench)/page', { path: () => '/', shows: 'Your desk', who: sessionRead(ROLES) }),
  page('/(workbench)/claims/page', { path: () => '/claims', shows: '<h1>Claims</h1>', who: sessionRead(ROLES) }),
  page('/(workbench)/claims/[id]/page', {
    path: (f) => `/claims/${f.claim(IN_REVIEW)}`,
    shows: 'As many as 100,000 North Korean soldiers',
    who: sessionRead(ROLES),
  }),
  // Blind rating: a reviewer sees other reviewers' ratings only after submitting their own.
  page('/(workbench)/claims/[id]/page', {
    variant: 'rated by another reviewer only',
    path: (f) => `/claims/${f.claim(BLIND_RATED.claim)}`,
    shows: '<h2 id="assessments-heading">Assessments</h2>',
    private: BLIND_RATED.rationale,
    who: { ...sessionRead(ROLES), reviewer: 'redacted' },
  }),
  page('/(workbench)/claims/new/page', { path: () => '/claims/new', shows: '<h1>New claim</h1>', who: sessionRead(ROLES) }),
  page('/(workbench)/disagreements/page', { path: () => '/disagreements', shows: '<h1>Disagreements</h1>', who: sessionRead(ROLES) }),
  page('/(workbench)/measures/page', { path: () => '/measures', shows: '<h1>Measures</h1>', who: sessionRead(ROLES) }),
  page('/(workbench)/measures/[key]/page', {
    path: (f) => `/measures/${encodeURIComponent(f.measureKey)}`,
    shows: 'North Korean troops in Russia',
    who: sessionRead(ROLES),
  }),
  // Insights: editors see the team's agreement; a reviewer sees the page with their own calibration only.
  page('/(workbench)/insights/page', {
    path: () => '/insights',
    shows: '<h1>Insights</h1>',
    private: 'Agreement between reviewers',
    who: { ...sessionRead(ROLES), reviewer: 'redacted' },
  }),
  page('/(workbench)/export/page', {
    path: () => '/export',
    shows: 'Download claims and their verdicts',
    notice: 'Only editors can export.',
    who: sessionRead(['editor', 'admin']),
  }),
  // Everyone signed in sees the settings they can reach and who manages the rest.
  page('/(workbench)/settings/page', { path: () => '/settings', shows: '<h1>Settings</h1>', who: sessionRead(ROLES) }),
  page('/(workbench)/settings/api-keys/page', {
    path: () => '/settings/api-keys',
    shows: 'New key',
    notice: 'Only editors and admins can manage API keys.',
    who: sessionRead(['editor', 'admin']),
  }),
  page('/(workbench)/settings/webhooks/page', {
    path: () => '/settings/webhooks',
    shows: 'Register a webhook',
    notice: 'Only editors can manage webhooks.',
    who: sessionRead(['editor', 'admin']),
  }),
  page('/api-docs/page', { path: () => '/api-docs', shows: '<code>/api/v1/verdicts</code>', who: everyone() }),
  page('/api-docs/webhooks/page', { path: () => '/api-docs/webhooks', shows: '<h1>Webhooks guide</h1>', who: everyone() }),
  page('/signin/page', {
    path: () => '/signin',
    shows: 'Sign in to Claimbench',
    who: outcomes((actor) => (sessionRole(actor) ? { redirect: '/' } : 'allow')),
  }),
  page('/verdicts/[claimId]/page', {
    variant: 'published',
    path: (f) => `/verdicts/${f.claim(PUBLISHED)}`,
    shows: 'ClaimReview',
    who: everyone(),
  }),
  page('/verdicts/[claimId]/page', { variant: 'unpublished', path: (f) => `/verdicts/${f.claim(UNPUBLISHED)}`, who: everyone('hidden') }),
  // Every version of a published verdict stays readable as it was published (issue 14).
  page('/verdicts/[claimId]/versions/[version]/page', {
    variant: 'published',
    path: (f) => `/verdicts/${f.claim(PUBLISHED)}/versions/1`,
    shows: 'Read the current verdict',
    who: everyone(),
  }),
  page('/verdicts/[claimId]/versions/[version]/page', {
    variant: 'unpublished',
    path: (f) => `/verdicts/${f.claim(UNPUBLISHED)}/versions/1`,
    who: everyone('hidden'),
  }),

  // ——— Route handlers ———
  route('/icon.svg/route', 'GET', { path: () => '/icon.svg', writes: [], who: everyone() }),
  route('/api/health/route', 'GET', { path: () => '/api/health', writes: [], who: everyone() }),
  // Any other path under /api: a problem+json 404 for every caller and method, never a page.
  ...(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).map((method) =>
    route('/api/[...path]/route', method, { path: () => '/api/v1/no-such-endpoint', writes: [], who: everyone('hidden') }),
  ),
  route('/api/[...path]/route', 'OPTIONS', { path: () => '/api/v1/no-such-endpoint', writes: [], status: 204, who: everyone() }),
  route('/api/auth/[...nextauth]/route', 'GET', { path: () => '/api/auth/session', writes: [], who: everyone() }),
  // next-auth's own POSTs need its CSRF token; without it nobody is signed out (each session
  // actor's session is checked after the matrix).
  route('/api/auth/[...nextauth]/route', 'POST', {
    path: () => '/api/auth/signout',
    form: () => ({ callbackUrl: '/signin' }),
    writes: [],
    who: everyone({ redirect: '/api/auth/signout?csrf=true' }),
  }),
  route('/api/me/route', 'GET', { path: () => '/api/me', writes: [], who: sessionRead(ROLES) }),
  route('/(workbench)/export/download/route', 'GET', {
    path: () => '/export/download?format=csv',
    writes: [],
    who: sessionRead(['editor', 'admin']),
  }),
  route('/(workbench)/claims/similar/route', 'GET', { path: () => '/claims/similar?text=North%20Korean%20troops', writes: [], who: sessionRead(ROLES) }),
  route('/api/v1/claims/similar/route', 'GET', { path: () => '/api/v1/claims/similar?text=North%20Korean%20troops', writes: [], who: keyOnly('claims:read') }),
  // The researchers' export, with names: editors only, audited.
  route('/(workbench)/export/download/route', 'GET', {
    variant: 'assessments with names',
    path: () => '/export/download?format=assessments&names=1',
    // Exporting names is recorded: one audit event, nothing else.
    writes: ['audit_events'],
    who: sessionRead(['editor', 'admin']),
  }),
  route('/api/v1/openapi.json/route', 'GET', { path: () => '/api/v1/openapi.json', writes: [], who: everyone() }),
  route('/api/v1/verdicts/route', 'GET', { path: () => '/api/v1/verdicts', writes: [], who: publicOrKey('verdicts:read') }),
  route('/api/v1/claims/[id]/route', 'GET', {
    variant: 'published',
    path: (f) => `/api/v1/claims/${f.claim(PUBLISHED)}`,
    writes: [],
    who: publicOrKey('verdicts:read'),
  }),
  // Claims not yet published are for the CMS that follows up its submissions, not for the public.
  route('/api/v1/claims/[id]/route', 'GET', {
    variant: 'unpublished',
    path: (f) => `/api/v1/claims/${f.claim(UNPUBLISHED)}`,
    writes: [],
    who: publicOrKey('verdicts:read', 'hidden'),
  }),
  route('/api/v1/claims/[id]/claimreview/route', 'GET', {
    path: (f) => `/api/v1/claims/${f.claim(PUBLISHED)}/claimreview`,
    writes: [],
    who: publicOrKey('verdicts:read'),
  }),
  route('/api/v1/export/route', 'GET', { path: () => '/api/v1/export?format=csv', writes: [], who: keyOnly('export:read') }),
  route('/api/v1/claims/route', 'POST', {
    path: () => '/api/v1/claims',
    json: (f) => ({
      statement: `The CMS submits a claim to check (${f.cell}).`,
      claimant: { name: 'Matrix Claimant', kind: 'person' },
      appearance: { url: `https://news.example/${encodeURIComponent(f.cell)}`, quote: 'A quote.' },
    }),
    // A refused call must not even reserve its idempotency key.
    headers: (f) => ({ 'idempotency-key': `matrix-${f.cell.replace(/[^\x21-\x7e]/g, '-')}` }),
    status: 201,
    writes: ['claims', 'sources', 'appearances', 'quantities', 'idempotency_keys'],
    who: keyOnly('claims:write'),
  }),
  route('/api/v1/claims/[id]/article/route', 'PUT', {
    path: (f) => `/api/v1/claims/${f.claim(PUBLISHED)}/article`,
    json: (f) => ({ url: `https://news.example/fact-check/${encodeURIComponent(f.cell)}` }),
    writes: ['claims'],
    who: keyOnly('claims:write'),
  }),

  // ——— Server actions ———
  action('createClaimAction', {
    page: () => '/claims/new',
    fields: (f) => ({
      statement: `A claim captured on the desk (${f.cell}).`,
      claimant: f.row<{ name: string }>('SELECT name FROM sources WHERE id = ?', f.sourceId).name,
      claimedOn: '2024-12-18',
      language: 'en',
      'appearance.url': `https://example.org/appearance/${encodeURIComponent(f.cell)}`,
      'appearance.title': 'Matrix appearance',
    }),
    writes: ['claims', 'sources', 'appearances', 'quantities'],
    who: sessionAction(ROLES),
  }),
  action('addAppearanceAction', {
    page: (f) => `/claims/${f.claim(IN_REVIEW)}`,
    fields: (f) => ({ claimId: String(f.claim(IN_REVIEW)), url: `https://example.org/seen/${encodeURIComponent(f.cell)}`, title: 'Seen again' }),
    writes: ['appearances'],
    who: sessionAction(ROLES),
  }),
  action('addEvidenceAction', {
    page: (f) => `/claims/${f.claim(IN_REVIEW)}`,
    fields: (f) => ({ claimId: String(f.claim(IN_REVIEW)), ...evidenceFields(f) }),
    writes: ['evidence', 'claims'],
    who: sessionAction(ROLES),
  }),
  action('editEvidenceAction', {
    variant: 'reviewer1’s evidence',
    page: (f) => `/claims/${f.claim(EVIDENCE_CLAIM)}`,
    fields: (f) => {
      const item = evidenceBy(f, 'reviewer1', 'first');
      return { evidenceId: String(item.id), version: String(item.version), ...evidenceFields(f) };
    },
    writes: ['evidence'],
    who: sessionAction(ROLES),
  }),
  // A reviewer changes only their own evidence.
  action('editEvidenceAction', {
    variant: 'reviewer2’s evidence',
    page: (f) => `/claims/${f.claim(EVIDENCE_CLAIM)}`,
    fields: (f) => {
      const item = evidenceBy(f, 'reviewer2', 'first');
      return { evidenceId: String(item.id), version: String(item.version), ...evidenceFields(f) };
    },
    writes: ['evidence'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('retractEvidenceAction', {
    variant: 'reviewer1’s evidence',
    page: (f) => `/claims/${f.claim(EVIDENCE_CLAIM)}`,
    fields: (f) => {
      const item = evidenceBy(f, 'reviewer1', 'last');
      return { evidenceId: String(item.id), version: String(item.version), reason: 'The page was taken down.' };
    },
    writes: ['evidence', 'claims'],
    who: sessionAction(ROLES),
  }),
  action('retractEvidenceAction', {
    variant: 'reviewer2’s evidence',
    page: (f) => `/claims/${f.claim(EVIDENCE_CLAIM)}`,
    fields: (f) => {
      const item = evidenceBy(f, 'reviewer2', 'last');
      return { evidenceId: String(item.id), version: String(item.version), reason: 'The page was taken down.' };
    },
    writes: ['evidence', 'claims'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('assessAction', {
    page: (f) => `/claims/${f.claim(TO_RATE)}`,
    fields: (f) => ({ claimId: String(f.claim(TO_RATE)), label: 'mixed', confidence: '50', rationale: `Rated by ${f.cell}.` }),
    writes: ['assessments', 'assessment_citations', 'disagreements', 'claims'],
    who: sessionAction(ROLES),
  }),
  action('linkClaimsAction', {
    page: (f) => `/claims/${f.claim(UNPUBLISHED)}`,
    fields: (f) => {
      const from = f.claim(UNPUBLISHED);
      const other = f.row<{ id: number }>(
        `SELECT id FROM claims WHERE id <> ? AND id NOT IN (SELECT to_claim_id FROM claim_links WHERE from_claim_id = ? AND kind = 'supports')
         ORDER BY id LIMIT 1`,
        from,
        from,
      );
      return { claimId: String(from), otherClaimId: String(other.id), kind: 'supports', note: f.cell };
    },
    writes: ['claim_links', 'disagreements', 'claims'],
    who: sessionAction(ROLES),
  }),
  action('openDisagreementAction', {
    page: (f) => `/claims/${f.claim(DISPUTED)}`,
    fields: (f) => ({ claimId: String(f.claim(DISPUTED)), reason: `Opened by ${f.cell}.` }),
    writes: ['disagreements', 'claims'],
    who: sessionAction(ROLES),
  }),
  action('commentAction', {
    page: (f) => `/claims/${f.claim(DISPUTED)}`,
    fields: (f) => ({ disagreementId: String(disagreementOn(f, 'open').id), body: `Comment by ${f.cell}.` }),
    writes: ['disagreement_comments'],
    who: sessionAction(ROLES),
  }),
  action('resolveDisagreementAction', {
    page: (f) => `/claims/${f.claim(DISPUTED)}`,
    fields: (f) => {
      const open = disagreementOn(f, 'open');
      return { disagreementId: String(open.id), version: String(open.version), resolution: `Resolved by ${f.cell}.` };
    },
    writes: ['disagreements', 'claims'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('reopenDisagreementAction', {
    page: (f) => `/claims/${f.claim(DISPUTED)}`,
    fields: (f) => {
      const resolved = disagreementOn(f, 'resolved');
      return { disagreementId: String(resolved.id), version: String(resolved.version), reason: `Reopened by ${f.cell}.` };
    },
    // The reason for reopening is posted to the thread.
    writes: ['disagreements', 'disagreement_comments', 'claims'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('saveVerdictDraftAction', {
    page: (f) => `/claims/${f.claim(EVIDENCE_CLAIM)}`,
    fields: (f) => {
      const claimId = f.claim(EVIDENCE_CLAIM);
      return { claimId: String(claimId), version: String(draftVersion(f, claimId)), label: 'mixed', headline: `Draft by ${f.cell}`, explanation: 'Still checking.' };
    },
    writes: ['verdict_drafts'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('publishVerdictAction', {
    page: (f) => `/claims/${f.claim(READY_TO_PUBLISH[0])}`,
    fields: (f) => {
      const ready = f.row<{ id: number }>(
        `SELECT id FROM claims WHERE status = 'ready' AND id IN (?, ?) ORDER BY id LIMIT 1`,
        ...READY_TO_PUBLISH.map((key) => f.claim(key)),
      );
      // The form publishes what it holds, saving it as the draft in the same step (issue 14).
      return {
        claimId: String(ready.id),
        version: String(draftVersion(f, ready.id)),
        label: 'accurate',
        headline: `Published by ${f.cell}`,
        explanation: 'Both reviewers confirmed it.',
        step: 'publish',
      };
    },
    writes: ['verdicts', 'verdict_drafts', 'claims'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('correctVerdictAction', {
    page: (f) => `/claims/${f.claim(TO_CORRECT)}`,
    fields: (f) => {
      const claimId = f.claim(TO_CORRECT);
      const draft = f.row<{ label: string; headline: string; version: number }>('SELECT label, headline, version FROM verdict_drafts WHERE claim_id = ?', claimId);
      // Each allowed cell changes the explanation, so no correction repeats the version before it.
      return {
        claimId: String(claimId),
        version: String(draft.version),
        label: draft.label,
        headline: draft.headline,
        explanation: `Corrected by ${f.cell}.`,
        note: `Corrected by ${f.cell}.`,
        step: 'publish',
      };
    },
    writes: ['verdicts', 'verdict_citations', 'verdict_drafts', 'claims'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('retractVerdictAction', {
    // Runs after publishVerdictAction, whose allowed callers published these two: one each to retract.
    page: (f) => `/claims/${f.claim(READY_TO_PUBLISH[0])}`,
    fields: (f) => {
      const published = f.row<{ id: number }>(
        `SELECT id FROM claims WHERE status = 'published' AND id IN (?, ?) ORDER BY id LIMIT 1`,
        ...READY_TO_PUBLISH.map((key) => f.claim(key)),
      );
      return { claimId: String(published.id), version: String(draftVersion(f, published.id)), kind: 'retraction', note: `Retracted by ${f.cell}.` };
    },
    writes: ['verdicts', 'claims'],
    who: sessionAction(['editor', 'admin']),
  }),
  // ——— Checked elsewhere and duplicates (issue 11) ———
  action('linkFactcheckAction', {
    page: (f) => `/claims/${f.claim(IN_REVIEW)}`,
    fields: (f) => {
      const claimId = f.claim(IN_REVIEW);
      const factcheck = f.row<{ id: number }>(
        'SELECT id FROM external_factchecks WHERE id NOT IN (SELECT factcheck_id FROM claim_factcheck_links WHERE claim_id = ?) ORDER BY id LIMIT 1',
        claimId,
      );
      return { claimId: String(claimId), factcheckId: String(factcheck.id) };
    },
    writes: ['claim_factcheck_links'],
    who: sessionAction(ROLES),
  }),
  action('unlinkFactcheckAction', {
    page: (f) => `/claims/${f.claim(IN_REVIEW)}`,
    fields: (f) => {
      const claimId = f.claim(IN_REVIEW);
      const link = f.row<{ id: number }>('SELECT factcheck_id AS id FROM claim_factcheck_links WHERE claim_id = ? ORDER BY factcheck_id LIMIT 1', claimId);
      return { claimId: String(claimId), factcheckId: String(link.id) };
    },
    writes: ['claim_factcheck_links'],
    who: sessionAction(ROLES),
  }),
  action('markDuplicateAction', {
    page: (f) => `/claims/${keptFixture(f).id}`,
    fields: (f) => {
      const kept = keptFixture(f);
      const other = f.row<{ id: number }>(
        `SELECT c.id FROM claims c WHERE c.statement LIKE ? AND c.id <> ? AND c.duplicate_of IS NULL
         AND NOT EXISTS (SELECT 1 FROM claims k WHERE k.duplicate_of = c.id) ORDER BY c.id LIMIT 1`,
        `${DUPLICATE_FIXTURE}%`,
        kept.id,
      );
      return { claimId: String(kept.id), version: String(kept.version), otherClaimId: String(other.id), keep: 'this' };
    },
    writes: ['claims', 'appearances', 'evidence', 'duplicate_moves'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('unmarkDuplicateAction', {
    page: (f) => `/claims/${keptFixture(f).id}`,
    fields: (f) => {
      const duplicate = f.row<Versioned>('SELECT id, version FROM claims WHERE statement LIKE ? AND duplicate_of IS NOT NULL ORDER BY id LIMIT 1', `${DUPLICATE_FIXTURE}%`);
      return { claimId: String(duplicate.id), version: String(duplicate.version) };
    },
    writes: ['claims', 'appearances', 'evidence', 'duplicate_moves'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('createApiKeyAction', {
    page: () => '/settings/api-keys',
    fields: (f) => ({ name: `Key made by ${f.cell}`, scopes: ['verdicts:read'] }),
    writes: ['api_keys'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('revokeApiKeyAction', {
    page: () => '/settings/api-keys',
    fields: (f) => ({
      apiKeyId: String(
        f.row<{ id: number }>('SELECT id FROM api_keys WHERE name LIKE ? AND revoked_at IS NULL ORDER BY id LIMIT 1', `${REVOCABLE_KEY_NAME}%`).id,
      ),
    }),
    writes: ['api_keys'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('reassignApiKeyAction', {
    page: () => '/settings/api-keys',
    fields: (f) => {
      // Held by nobody until the first allowed call; later calls hand it between the editor and the admin.
      const key = f.row<{ id: number; version: number; owner: number | null }>(
        'SELECT id, version, owner_id AS owner FROM api_keys WHERE name = ?',
        REASSIGNABLE_KEY_NAME,
      );
      const to = key.owner === f.userId('editor') ? f.userId('admin') : f.userId('editor');
      return { apiKeyId: String(key.id), version: String(key.version), ownerId: String(to) };
    },
    writes: ['api_keys'],
    who: sessionAction(['admin']),
  }),
  action('createWebhookAction', {
    page: () => '/settings/webhooks',
    fields: () => ({ url: WEBHOOK_URL, events: ['verdict.published', 'verdict.corrected'] }),
    writes: ['webhooks'],
    revealsWebhookSecret: true,
    who: sessionAction(['editor', 'admin']),
  }),
  action('deactivateWebhookAction', {
    page: () => '/settings/webhooks',
    fields: (f) => ({
      webhookId: String(f.row<{ id: number }>('SELECT id FROM webhooks WHERE url = ? AND active = 1 ORDER BY id LIMIT 1', WEBHOOK_URL).id),
    }),
    writes: ['webhooks'],
    who: sessionAction(['editor', 'admin']),
  }),
  // ——— Claim editing and sources ———
  action('editClaimAction', {
    variant: 'unpublished claim',
    page: (f) => `/claims/${f.claim(UNPUBLISHED)}`,
    fields: (f) => claimEditFields(f, f.claim(UNPUBLISHED)),
    writes: ['claims'],
    who: sessionAction(ROLES),
  }),
  // Once a verdict is out, only editors change the claim it is about.
  action('editClaimAction', {
    variant: 'published claim',
    page: (f) => `/claims/${f.claim(PUBLISHED)}`,
    fields: (f) => claimEditFields(f, f.claim(PUBLISHED)),
    writes: ['claims'],
    who: sessionAction(['editor', 'admin']),
  }),
  page('/(workbench)/sources/page', { path: () => '/sources', shows: '<h1>Sources</h1>', who: sessionRead(ROLES) }),
  page('/(workbench)/sources/[id]/page', {
    path: (f) => `/sources/${f.sourceId}`,
    shows: 'Edit source',
    who: sessionRead(ROLES),
  }),
  action('editSourceAction', {
    page: (f) => `/sources/${f.sourceId}`,
    fields: (f) => {
      const source = f.row<{ name: string; kind: string; version: number }>('SELECT name, kind, version FROM sources WHERE id = ?', f.sourceId);
      return { sourceId: String(f.sourceId), version: String(source.version), name: source.name, kind: source.kind, notes: `Edited by ${f.cell}.` };
    },
    writes: ['sources'],
    who: sessionAction(ROLES),
  }),
  // ——— Fact-checks by others (editors and admins) ———
  page('/(workbench)/settings/fact-checks/page', {
    path: () => '/settings/fact-checks',
    shows: 'Needs mapping',
    notice: 'Only editors and admins can import fact-checks and map their ratings.',
    who: sessionRead(['editor', 'admin']),
  }),
  action('setRatingMappingAction', {
    page: () => '/settings/fact-checks',
    // The first allowed call creates the mapping (version 0), the next changes it at its version.
    fields: (f) => ({
      publisherKey: 'matrix.example',
      ratingKey: 'false',
      label: 'inaccurate',
      version: String(f.row<{ v: number }>("SELECT coalesce(max(version), 0) AS v FROM rating_mappings WHERE publisher_key = 'matrix.example' AND rating_key = 'false'").v),
    }),
    writes: ['rating_mappings', 'external_factchecks'],
    who: sessionAction(['editor', 'admin']),
  }),
  action('uploadFactchecksAction', {
    page: () => '/settings/fact-checks',
    fields: (f) => ({
      file: new File(
        [JSON.stringify({ '@type': 'ClaimReview', url: `https://matrix.example/checks/${encodeURIComponent(f.cell)}`, claimReviewed: `Checked by ${f.cell}.`, reviewRating: { alternateName: 'False' } })],
        'feed.json',
        { type: 'application/json' },
      ),
    }),
    writes: ['external_factchecks'],
    who: sessionAction(['editor', 'admin']),
  }),
  // ——— Users and organisation (admins only) ———
  page('/(workbench)/settings/users/page', {
    path: () => '/settings/users',
    shows: 'Initial password',
    notice: 'Only admins can manage users.',
    who: sessionRead(['admin']),
  }),
  page('/(workbench)/settings/organisation/page', {
    path: () => '/settings/organisation',
    shows: 'Assessments needed to publish',
    notice: 'Only admins can change the organisation settings.',
    who: sessionRead(['admin']),
  }),
  action('createUserAction', {
    page: () => '/settings/users',
    fields: (f) => ({
      email: `matrix-${f.cell.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60)}@example.test`,
      name: `Matrix user ${f.cell}`,
      role: 'reviewer',
      password: 'matrix-password-1234',
    }),
    writes: ['users'],
    who: sessionAction(['admin']),
  }),
  action('changeUserRoleAction', {
    page: () => '/settings/users',
    fields: (f) => {
      const user = matrixUser(f);
      return { userId: String(user.id), version: String(user.version), role: user.role === 'reviewer' ? 'editor' : 'reviewer' };
    },
    writes: ['users'],
    who: sessionAction(['admin']),
  }),
  action('disableUserAction', {
    page: () => '/settings/users',
    fields: (f) => {
      const user = matrixUser(f);
      return { userId: String(user.id), version: String(user.version) };
    },
    writes: ['users'],
    who: sessionAction(['admin']),
  }),
  action('enableUserAction', {
    page: () => '/settings/users',
    fields: (f) => {
      const user = matrixUser(f);
      return { userId: String(user.id), version: String(user.version) };
    },
    writes: ['users'],
    who: sessionAction(['admin']),
  }),
  // ——— Account and security (lib/auth/account.ts, lib/auth/security-log.ts) ———
  page('/(workbench)/account/page', { path: () => '/account', shows: '<h1>Your account</h1>', who: sessionRead(ROLES) }),
  page('/(workbench)/settings/security-log/page', {
    path: () => '/settings/security-log',
    shows: '<h1>Security log</h1>',
    notice: 'Only admins can read the security log.',
    who: sessionRead(['admin']),
  }),
  action('endUserSessionsAction', {
    page: () => '/settings/users',
    fields: (f) => ({ userId: String(matrixUser(f).id) }),
    writes: ['users', 'security_events'],
    who: sessionAction(['admin']),
  }),
  // The sign-on button's post. Sign-on is not configured in the matrix's app, so everyone is sent
  // back to the sign-in page; another site's post is refused by proxy.ts first.
  route('/signin/oidc/route', 'POST', {
    path: () => '/signin/oidc',
    form: () => ({ callbackUrl: '/' }),
    writes: [],
    who: { ...everyone({ redirect: '/signin' }), 'editor-cross-site': 'cross-site' },
  }),
  action('updateOrganisationAction', {
    page: () => '/settings/organisation',
    fields: (f) => ({
      version: String(
        f.row<{ v: number }>("SELECT coalesce(max(version), 1) AS v FROM settings WHERE key IN ('org_name', 'org_url', 'required_assessments')").v,
      ),
      name: `Matrix Desk ${f.cell}`,
      url: 'https://desk.example.org/',
      requiredAssessments: '2',
    }),
    writes: ['settings'],
    who: sessionAction(['admin']),
  }),
];

/**
 * Actions every caller may use, whose effect is on the caller's own session rather than on data:
 * a matrix cell would sign the shared callers in or out. Listed here so that nothing slips in
 * unlisted; each is tested where named.
 */
export const SESSION_ACTIONS: Record<string, string> = {
  signInAction:
    'anyone may sign in (same credential check and rate limits as next-auth); a cross-site POST is refused by proxy.ts — tests/e2e/users-sessions.test.ts',
  signOutAction:
    'anyone may sign out; it ends every session of the signed-in user and writes nothing else — tests/e2e/users-sessions.test.ts',
  changePasswordAction:
    'a signed-in person changes their own password (the current one required); it ends every other session of theirs, so a matrix cell would end the shared callers’ sessions — tests/e2e/account.test.ts, tests/integration/account-security.test.ts',
};

/** The duplicate fixture every mark keeps (the first; it is never merged away itself). */
function keptFixture(f: Fixtures): Versioned {
  return f.row<Versioned>('SELECT id, version FROM claims WHERE statement LIKE ? ORDER BY id LIMIT 1', `${DUPLICATE_FIXTURE}%`);
}

/** The newest user the matrix created (createUserAction runs before the rows that change it). */
function matrixUser(f: Fixtures): { id: number; version: number; role: string } {
  return f.row("SELECT id, version, role FROM users WHERE email LIKE 'matrix-%' ORDER BY id DESC LIMIT 1");
}

/** A claim edit that changes only the context note, at the claim's current version. */
function claimEditFields(f: Fixtures, claimId: number): Record<string, string> {
  const claim = f.row<{ statement: string; claimant: string; claimedOn: string; language: string; version: number }>(
    'SELECT statement, (SELECT name FROM sources WHERE id = claimant_id) AS claimant, claimed_on AS claimedOn, language, version FROM claims WHERE id = ?',
    claimId,
  );
  return {
    claimId: String(claimId),
    version: String(claim.version),
    statement: claim.statement,
    claimant: claim.claimant,
    claimedOn: claim.claimedOn,
    language: claim.language,
    context: `Edited by ${f.cell}.`,
  };
}

/** The row's name in messages: `GET /api/v1/verdicts/route`, `commentAction`, `/signin/page (variant)`. */
export function rowName(row: MatrixRow): string {
  const base = row.kind === 'action' ? row.name : row.kind === 'route' ? `${row.method} ${row.route}` : row.route;
  return row.variant ? `${base} (${row.variant})` : base;
}

function outcomeText(outcome: Outcome): string {
  return typeof outcome === 'string' ? outcome : `→ ${outcome.redirect}`;
}

/** The matrix as a Markdown table, for people (the test writes it to test-results/). */
export function matrixAsMarkdown(rows: readonly MatrixRow[] = MATRIX): string {
  const header = `| | ${ACTORS.join(' | ')} |`;
  const rule = `|---|${ACTORS.map(() => '---').join('|')}|`;
  const lines = rows.map((row) => `| ${rowName(row)} | ${ACTORS.map((actor) => outcomeText(row.who[actor])).join(' | ')} |`);
  const notes = ACTORS.map((actor) => `- **${actor}**: ${ACTOR_NOTES[actor]}`);
  return ['# Authorisation matrix', '', ...notes, '', header, rule, ...lines, ''].join('\n');
}
