import fc from 'fast-check';
import { API_SCOPES, BOUND_KINDS, LINK_KINDS, MODALITIES, RATING_LABELS, RATING_MAPPING_TARGETS, SOURCE_KINDS, STANCES } from '@/db/enums';
import { WEBHOOK_EVENTS } from '@/lib/webhooks/events';
import type { Who } from './hostile-api-cases';
import {
  checkboxes,
  choice,
  fieldValue,
  hostileString,
  id,
  idList,
  isAbsent,
  pastDate,
  received,
  text,
  unknownFieldName,
  webUrl,
  wholeNumber,
  type FieldKind,
  type FieldValue,
} from './hostile-values';
import type { ActionPayload } from './hostile-wire';

/**
 * A field generator for every server action: the form's fields by kind (hostile-values.ts), and the
 * rules between fields that the kinds cannot express. Each generated call says why it must be
 * refused, or that it may succeed.
 */

export interface ActionPools {
  claimIds: number[];
  sourceIds: number[];
  /** The sources' names: a claimant is typed by name and resolved by the server. */
  sourceNames: string[];
  evidenceIds: number[];
  disagreementIds: number[];
  apiKeyIds: number[];
  webhookIds: number[];
  factcheckIds: number[];
  /** Claims made for the duplicate actions alone: merging them never redirects a page other cases post to. */
  spareClaimIds: number[];
}

export interface ActionSpec {
  /** The page whose form calls the action, for a claim id. */
  page: (claimId: number) => string;
  fields: Record<string, FieldKind>;
  /** Rules across fields: why the received values must be refused. */
  across?: (values: Record<string, string | undefined>) => string[];
  /** Optional fields left out of the all-valid calls (a quantity is all or nothing). */
  validAbsent?: string[];
  /** Fields the form ignores given the others. */
  ignored?: (values: Record<string, string | undefined>) => string[];
}

export interface ActionCase {
  who: Who;
  claimId: number;
  payload: ActionPayload;
  refuse: string[];
}

const version = wholeNumber(1, Number.MAX_SAFE_INTEGER, true, fc.integer({ min: 1, max: 4 }).map(String));

const languageTag: FieldKind = {
  valid: fc.constantFrom('en', 'de', 'pt-BR', 'zh-Hant', ''),
  invalid: (value) => !isAbsent(value) && !/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(value.trim()),
};

/** A number typed by a person: "10,000" and "10 000" are 10000; nothing else but plain decimals. */
const typedNumber: FieldKind = {
  valid: fc.oneof(fc.integer({ min: 1, max: 200_000 }).map(String), fc.constantFrom('10,000', '1 000', '2.5')),
  invalid: (value) => {
    if (isAbsent(value)) return false;
    const compact = value.replace(/[,\s_]/g, '');
    return !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(compact) || !Number.isFinite(Number(compact));
  },
};

const claimPage = (claimId: number) => `/claims/${claimId}`;

/**
 * The claimant, typed: a known source's name, or any text (which the server refuses as unknown
 * unless a kind is given, which adds the source).
 */
function claimantFields(pools: ActionPools): Record<string, FieldKind> {
  const typed = text(200, true);
  return {
    claimant: { valid: fc.oneof(fc.constantFrom(...pools.sourceNames), typed.valid), invalid: typed.invalid },
    claimantKind: choice(SOURCE_KINDS, false),
  };
}

function evidenceFields(pools: ActionPools): Record<string, FieldKind> {
  return {
    url: webUrl(true),
    title: text(500, true),
    publisherId: id(pools.sourceIds, false),
    publishedOn: pastDate(false),
    stance: choice(STANCES, true),
    note: text(4000, false),
    'quote.exact': text(5000, false),
    'quote.prefix': text(200, false),
    'quote.suffix': text(200, false),
  };
}

export function actionSpecs(pools: ActionPools): Record<string, ActionSpec> {
  const claimId = id(pools.claimIds, true);
  const disagreementId = id(pools.disagreementIds, true);
  const evidenceId = id(pools.evidenceIds, true);
  return {
    createClaimAction: {
      page: () => '/claims/new',
      fields: {
        statement: text(1000, true),
        ...claimantFields(pools),
        claimedOn: pastDate(true),
        language: languageTag,
        context: text(4000, false),
        'appearance.url': webUrl(true),
        'appearance.title': text(500, true),
        'appearance.publisherId': id(pools.sourceIds, false),
        'appearance.publishedOn': pastDate(false),
        'appearance.quote': text(5000, false),
        'quantity.measure': text(200, false),
        'quantity.value': typedNumber,
        'quantity.low': typedNumber,
        'quantity.high': typedNumber,
        'quantity.unit': text(50, false),
        'quantity.bound': choice(BOUND_KINDS, false),
        'quantity.modality': choice(MODALITIES, false),
        'quantity.asOf': pastDate(false),
      },
      validAbsent: ['quantity.measure', 'quantity.value', 'quantity.low', 'quantity.high', 'quantity.unit', 'quantity.bound', 'quantity.modality', 'quantity.asOf'],
      across: (values) => {
        const reasons: string[] = [];
        // A quantity is optional, but once any of its fields is filled in, its required ones are too.
        const quantity = Object.keys(values).filter((name) => name.startsWith('quantity.') && !isAbsent(values[name]));
        if (quantity.length > 0) {
          for (const name of ['quantity.measure', 'quantity.unit', 'quantity.bound', 'quantity.modality']) {
            if (isAbsent(values[name])) reasons.push(`${name} missing`);
          }
        }
        return reasons;
      },
    },
    addAppearanceAction: {
      page: claimPage,
      fields: { claimId, url: webUrl(true), title: text(500, true), publisherId: id(pools.sourceIds, false), publishedOn: pastDate(false), quote: text(5000, false) },
    },
    addEvidenceAction: { page: claimPage, fields: { claimId, ...evidenceFields(pools) } },
    editEvidenceAction: { page: claimPage, fields: { evidenceId, version, ...evidenceFields(pools) } },
    retractEvidenceAction: { page: claimPage, fields: { evidenceId, version, reason: text(2000, true) } },
    assessAction: {
      page: claimPage,
      fields: { claimId, label: choice(RATING_LABELS, true), confidence: wholeNumber(0, 100, true), rationale: text(8000, false), citedEvidenceIds: idList(pools.evidenceIds) },
    },
    linkClaimsAction: {
      page: claimPage,
      fields: { claimId, otherClaimId: id(pools.claimIds, true), kind: choice(LINK_KINDS, true), note: text(2000, false) },
      across: (values) => (values.claimId !== undefined && Number(values.claimId) === Number(values.otherClaimId) ? ['a claim linked to itself'] : []),
    },
    openDisagreementAction: { page: claimPage, fields: { claimId, reason: text(2000, true) } },
    commentAction: { page: claimPage, fields: { disagreementId, body: text(8000, true) } },
    resolveDisagreementAction: { page: claimPage, fields: { disagreementId, version, resolution: text(8000, true) } },
    reopenDisagreementAction: { page: claimPage, fields: { disagreementId, version, reason: text(2000, true) } },
    saveVerdictDraftAction: {
      page: claimPage,
      fields: {
        claimId,
        version: wholeNumber(0, Number.MAX_SAFE_INTEGER, false, fc.integer({ min: 0, max: 4 }).map(String)),
        label: choice(RATING_LABELS, false),
        headline: text(300, false),
        explanation: text(20000, false),
        articleUrl: webUrl(false),
        citedEvidenceIds: idList(pools.evidenceIds),
      },
    },
    publishVerdictAction: {
      page: claimPage,
      fields: {
        claimId,
        version: wholeNumber(0, Number.MAX_SAFE_INTEGER, false, fc.integer({ min: 0, max: 4 }).map(String)),
        label: choice(RATING_LABELS, false),
        headline: text(300, false),
        explanation: text(20000, false),
        articleUrl: webUrl(false),
        citedEvidenceIds: idList(pools.evidenceIds),
        step: choice(['save', 'review', 'publish', 'edit'], false),
      },
    },
    retractVerdictAction: { page: claimPage, fields: { claimId, version, kind: choice(['retraction'], true), note: text(4000, true) } },
    correctVerdictAction: {
      page: claimPage,
      fields: {
        claimId,
        version,
        label: choice(RATING_LABELS, false),
        headline: text(300, false),
        explanation: text(20000, false),
        articleUrl: webUrl(false),
        citedEvidenceIds: idList(pools.evidenceIds),
        note: text(4000, false),
        step: choice(['save', 'review', 'publish'], false),
      },
    },
    linkFactcheckAction: {
      page: claimPage,
      fields: { claimId, factcheckId: id(pools.factcheckIds, false), url: webUrl(false) },
      across: (values) => (isAbsent(values.factcheckId) && isAbsent(values.url) ? ['neither a fact-check nor its URL'] : []),
    },
    unlinkFactcheckAction: { page: claimPage, fields: { claimId, factcheckId: id(pools.factcheckIds, true) } },
    markDuplicateAction: {
      page: claimPage,
      fields: { claimId: id(pools.spareClaimIds, true), version, otherClaimId: id(pools.spareClaimIds, true), keep: choice(['this', 'other'], false) },
      across: (values) => (values.claimId !== undefined && Number(values.claimId) === Number(values.otherClaimId) ? ['a claim marked a duplicate of itself'] : []),
    },
    unmarkDuplicateAction: { page: claimPage, fields: { claimId: id(pools.spareClaimIds, true), version } },
    createApiKeyAction: {
      page: () => '/settings/api-keys',
      fields: { name: text(100, true), scopes: checkboxes(API_SCOPES, true), expiresInDays: wholeNumber(1, 3650, false) },
    },
    revokeApiKeyAction: { page: () => '/settings/api-keys', fields: { apiKeyId: id(pools.apiKeyIds, true) } },
    // To people that do not exist: generated calls never take a key from the holder the suite relies on.
    reassignApiKeyAction: { page: () => '/settings/api-keys', fields: { apiKeyId: id(pools.apiKeyIds, true), version, ownerId: absentUser } },
    createWebhookAction: { page: () => '/settings/webhooks', fields: { url: webUrl(true), events: checkboxes(WEBHOOK_EVENTS, true) } },
    deactivateWebhookAction: { page: () => '/settings/webhooks', fields: { webhookId: id(pools.webhookIds, true) } },
    editClaimAction: {
      page: claimPage,
      fields: {
        claimId,
        version,
        statement: text(1000, true),
        ...claimantFields(pools),
        claimedOn: pastDate(true),
        language: languageTag,
        context: text(4000, false),
      },
    },
    editSourceAction: {
      page: () => `/sources/${pools.sourceIds[0] ?? 1}`,
      fields: { sourceId: id(pools.sourceIds, true), version, name: text(200, true), kind: choice(SOURCE_KINDS, true), url: webUrl(false), notes: text(2000, false) },
    },
    createUserAction: {
      page: () => '/settings/users',
      fields: { email: emailAddress, name: text(200, true), role: choice(['reviewer', 'editor', 'admin'], true), password: initialPassword },
    },
    // Users that do not exist: generated calls never change the accounts the suite signs in with.
    changeUserRoleAction: { page: () => '/settings/users', fields: { userId: absentUser, version, role: choice(['reviewer', 'editor', 'admin'], true) } },
    disableUserAction: { page: () => '/settings/users', fields: { userId: absentUser, version } },
    endUserSessionsAction: { page: () => '/settings/users', fields: { userId: absentUser } },
    // A generated current password is never the account's own, so no change lands and the suite's sessions go on.
    changePasswordAction: {
      page: () => '/account',
      fields: { currentPassword: typedPassword(1), newPassword: typedPassword(12), confirmPassword: typedPassword(0) },
      across: (values) => (values.newPassword !== undefined && values.confirmPassword !== values.newPassword ? ['confirmPassword differs from newPassword'] : []),
    },
    enableUserAction: { page: () => '/settings/users', fields: { userId: absentUser, version } },
    updateOrganisationAction: {
      page: () => '/settings/organisation',
      fields: { version, name: text(200, true), url: webUrl(true), requiredAssessments: wholeNumber(1, 10, true) },
    },
    // Version 0 maps a label not mapped yet; a higher one edits a mapping at that version.
    setRatingMappingAction: {
      page: () => '/settings/fact-checks',
      fields: {
        publisherKey: text(300, true),
        ratingKey: text(300, true),
        label: choice(RATING_MAPPING_TARGETS, true),
        version: wholeNumber(0, Number.MAX_SAFE_INTEGER, true, fc.integer({ min: 0, max: 3 }).map(String)),
      },
    },
    // The form's one field is a file: text sent in its place (all a generated call sends) is refused naming it.
    uploadFactchecksAction: { page: () => '/settings/fact-checks', fields: { file: refusedFileField } },
  };
}

/**
 * Sign-in and sign-out act on the caller's own session, not on data: signing out would end the
 * sessions this suite uses, and thousands of failed sign-ins would only meet the rate limiter. Their
 * hostile cases are next-auth's endpoints (hostile-api-cases.ts) and tests/e2e/users-sessions.test.ts.
 */
/** A file input filled with text: never a file, so always refused (the upload's own tests send files). */
const refusedFileField: FieldKind = { valid: fc.constant('not a file'), invalid: () => true };

export const SESSION_ACTIONS_NOT_FUZZED = ['signInAction', 'signOutAction'];

const emailAddress: FieldKind = {
  valid: fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/).map((local) => `hostile-${local}@example.test`),
  invalid: (value) => isAbsent(value) || value.trim().length > 320 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value.trim()),
};

const initialPassword: FieldKind = {
  valid: fc.string({ minLength: 12, maxLength: 64, unit: 'grapheme-ascii' }),
  invalid: (value) => value === undefined || value.length < 12 || value.length > 1024,
};

/** A password typed into a form: any characters, `min` to 1,024 of them. */
function typedPassword(min: number): FieldKind {
  return {
    valid: fc.string({ minLength: Math.max(min, 1), maxLength: 64, unit: 'grapheme-ascii' }),
    invalid: (value) => (value === undefined ? min > 0 : value.length < min || value.length > 1024),
  };
}

const absentUser = wholeNumber(1, Number.MAX_SAFE_INTEGER, true, fc.integer({ min: 900_000, max: 999_999 }).map(String));

/** Argument lists no React client sends for a form action: the action never gets its FormData. */
const NOT_FORM_DATA = ['["a","b"]', '[null,5]', '[null,{"claimId":1}]', '[null]', '[]', '{}', '[null,null]', '[null,"$K1"]', '["$K1"]', '[null,[1,2]]'];

/** Most FormData bodies stay under Next's 1 MB limit for server actions (its 413 is its own 500). */
const MAX_FORM_BYTES = 900_000;

function formBytes(fields: Record<string, string | string[]>): number {
  let total = 0;
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) total += Buffer.byteLength(name) + Buffer.byteLength(item) + 120;
  }
  return total;
}

/** Generated calls of one action. */
export function actionCases(spec: ActionSpec, claimIds: number[]): fc.Arbitrary<ActionCase> {
  const names = Object.keys(spec.fields);
  const mixed = fc.record(Object.fromEntries(names.map((name) => [name, fieldValue(spec.fields[name]!)])) as Record<string, fc.Arbitrary<FieldValue>>);
  // Every field within its rules (optional ones sometimes left out): the domain decides.
  const valid = fc.record(
    Object.fromEntries(
      names.map((name) => {
        const kind = spec.fields[name]!;
        if (spec.validAbsent?.includes(name)) return [name, fc.constant(undefined)];
        return [name, kind.invalid(undefined) ? kind.valid : fc.option(kind.valid, { nil: undefined })];
      }),
    ) as Record<string, fc.Arbitrary<FieldValue>>,
  );
  const values = fc.oneof({ weight: 2, arbitrary: mixed }, { weight: 1, arbitrary: valid });
  const extras = fc.array(fc.tuple(unknownFieldName, hostileString), { maxLength: 2 });
  const shape = fc.oneof({ weight: 16, arbitrary: fc.constant('fields' as const) }, { weight: 1, arbitrary: fc.constant('args' as const) }, { weight: 1, arbitrary: fc.constant('mpa' as const) });
  return fc
    .record({
      who: fc.constantFrom<Who>('editor', 'admin', 'editor', 'admin', 'editor', 'admin', 'anonymous'),
      claimId: fc.constantFrom(...claimIds),
      values,
      extras,
      shape,
      args: fc.constantFrom(...NOT_FORM_DATA),
    })
    .map(({ who, claimId, values, extras, shape, args }): ActionCase => {
      const fields: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(values)) if (value !== undefined) fields[name] = value;
      for (const [name, value] of extras) if (!(name in fields)) fields[name] = value;
      const seen: Record<string, string | undefined> = {};
      for (const name of names) seen[name] = received(values[name]);
      const refuse: string[] = [];
      if (who === 'anonymous') refuse.push('not signed in');
      const ignored = spec.ignored?.(seen) ?? [];
      for (const name of names) {
        if (!ignored.includes(name) && spec.fields[name]!.invalid(seen[name])) refuse.push(`${name} = ${JSON.stringify(seen[name])?.slice(0, 60)}`);
      }
      refuse.push(...(spec.across?.(seen) ?? []));
      if (shape === 'args') return { who, claimId, payload: { kind: 'args', args }, refuse: [...refuse, `arguments ${args}`] };
      if (shape === 'mpa') {
        const flat = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]));
        return { who, claimId, payload: { kind: 'mpa', fields: flat }, refuse: [...refuse, 'a form post without the form state'] };
      }
      return { who, claimId, payload: { kind: 'fields', fields }, refuse };
    })
    .filter((c) => c.payload.kind !== 'fields' || formBytes(c.payload.fields) < MAX_FORM_BYTES);
}
