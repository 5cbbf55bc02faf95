import fs from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.mjs fire: each fixture under tests/fixtures/layers/ breaks one
 * rule and must be reported for it (rule id, line and the advice in the message); the good-*
 * fixtures break none. The fixtures sit in copies of app/, lib/ and db/ inside that folder, so a
 * second group of tests checks that the real folders get exactly the same rules.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const FIXTURES = 'tests/fixtures/layers';

const APP_TO_DB = 'app/ imports lib/ only: get data from a lib/ loader that checks permission';
const DB_TO_LIB = 'db/ is private to lib/ and imports nothing from it; pass what it needs in';
const INTO_APP = 'Nothing outside app/ imports app/: move the shared code into lib/';
const CLIENT_SERVER_ONLY = 'a server-only module: load the data in a server component (through lib/)';
const CLIENT_DB = 'the database never reaches the browser; a server component loads the data through lib/';
const MARKER_DB = "Start this module with `import 'server-only';` (its first import): it reads the database";
const MARKER_LIB = "so it is server code: start it with `import 'server-only';` (its first import)";
const MARKER_FIRST = "`import 'server-only';` must be the module's first import";

interface Expected {
  ruleId: string;
  line: number;
  message: string;
}

const restricted = (line: number, message: string): Expected => ({ ruleId: '@typescript-eslint/no-restricted-imports', line, message });
const client = (line: number, message: string): Expected => ({ ruleId: 'layers/client-imports-no-server', line, message });
const marker = (line: number, message: string): Expected => ({ ruleId: 'layers/server-only-marker', line, message });

/** Every fixture and what linting it must report; an empty list for the ones that break no rule. */
const EXPECTED: Record<string, Expected[]> = {
  'app/reads-db.ts': [
    restricted(2, `'@/db/client' import is restricted from being used by a pattern. ${APP_TO_DB}`),
    // A type-only import is caught too: a page typed against db/ rows is reading around lib/.
    restricted(3, `'@/db/open' import is restricted from being used by a pattern. ${APP_TO_DB}`),
    restricted(4, `'../../../../db/queries/audit' import is restricted from being used by a pattern. ${APP_TO_DB}`),
  ],
  'db/imports-lib.ts': [
    restricted(2, `'@/lib/env' import is restricted from being used by a pattern. ${DB_TO_LIB}`),
    restricted(3, `'../../../../lib/display/format' import is restricted from being used by a pattern. ${DB_TO_LIB}`),
  ],
  'lib/imports-app.ts': [restricted(2, `'@/app/(workbench)/_components/field' import is restricted from being used by a pattern. ${INTO_APP}`)],
  'app/client-imports-server-only.tsx': [client(5, `Client component imports '@/lib/http/server-action', ${CLIENT_SERVER_ONLY}`)],
  'lib/client-imports-db.tsx': [client(4, `Client component imports '@/db/enums' from db/: ${CLIENT_DB}`)],
  'db/queries/unmarked.ts': [marker(2, MARKER_DB)],
  'db/queries/late-marker.ts': [marker(3, MARKER_FIRST)],
  'lib/reads-db-unmarked.ts': [marker(3, `This lib/ module imports '@/db/queries/audit' (the database), ${MARKER_LIB}`)],
  'lib/signs-unmarked.ts': [marker(3, `This lib/ module imports 'node:crypto' (a Node built-in module), ${MARKER_LIB}`)],
  'lib/cycle-a.ts': [{ ruleId: 'import-x/no-cycle', line: 2, message: 'Dependency cycle detected' }],
  'lib/cycle-b.ts': [{ ruleId: 'import-x/no-cycle', line: 2, message: 'Dependency cycle detected' }],
  'app/good-page.tsx': [],
  'app/good-client.tsx': [],
  'app/good-actions.ts': [],
  'lib/good-loader.ts': [],
  'lib/good-pure.ts': [],
  'db/queries/good-query.ts': [],
};

function fixtureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return fixtureFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('layer rules on the fixtures', () => {
  const reported = new Map<string, Linter.LintMessage[]>();

  beforeAll(async () => {
    // The normal lint ignores the fixtures (they break the rules on purpose); here nothing is ignored.
    const eslint = new ESLint({ cwd: root, ignore: false });
    const results = await eslint.lintFiles([FIXTURES]);
    for (const result of results) {
      reported.set(path.relative(path.join(root, FIXTURES), result.filePath).split(path.sep).join('/'), result.messages);
    }
  }, 240_000);

  it('lints every fixture, and every fixture has its expectation', () => {
    const onDisk = fixtureFiles(path.join(root, FIXTURES)).map((file) => path.relative(path.join(root, FIXTURES), file).split(path.sep).join('/'));
    expect([...reported.keys()].sort()).toEqual([...onDisk].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...onDisk].sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    const what = expected.length === 0 ? 'reports nothing' : `reports ${[...new Set(expected.map((e) => e.ruleId))].join(', ')}`;
    it(`${file} ${what}`, () => {
      const messages = reported.get(file);
      expect(messages, `${file} was not linted`).toBeDefined();
      // A fatal parse error (ruleId null) would otherwise pass for "no rule fired".
      expect(
        messages!.map((m) => ({ ruleId: m.ruleId, line: m.line, message: m.message })),
        `${file}: ${JSON.stringify(messages, null, 1)}`,
      ).toEqual(expected.map((e) => ({ ruleId: e.ruleId, line: e.line, message: expect.stringContaining(e.message) })));
    });
  }
});

describe('the real folders get the rules the fixtures are checked with', () => {
  const RULES = ['@typescript-eslint/no-restricted-imports', 'layers/client-imports-no-server', 'layers/server-only-marker', 'import-x/no-cycle'];
  // [a path in the repository, the fixture path whose rules it must share (outside lib/, all but the
  // server-only marker, which only db/queries, db/client.ts and lib/ carry)]
  const PAIRS: [string, string][] = [
    ['app/(workbench)/claims/[id]/page.tsx', 'app/good-page.tsx'],
    ['app/api/v1/verdicts/route.ts', 'app/reads-db.ts'],
    ['db/open.ts', 'db/imports-lib.ts'],
    ['db/seed/index.ts', 'db/imports-lib.ts'],
    ['db/queries/claims.ts', 'db/queries/unmarked.ts'],
    ['db/client.ts', 'db/queries/unmarked.ts'],
    ['lib/claims/claims.ts', 'lib/reads-db-unmarked.ts'],
    ['lib/export/stream.ts', 'lib/cycle-a.ts'],
    ['tests/unit/permissions.test.ts', 'lib/imports-app.ts'],
    ['scripts/db-seed.ts', 'lib/imports-app.ts'],
    ['proxy.ts', 'lib/imports-app.ts'],
  ];
  let eslint: ESLint;
  let unignored: ESLint;

  beforeAll(() => {
    eslint = new ESLint({ cwd: root });
    // The fixtures are ignored by the normal lint, and an ignored file has no config.
    unignored = new ESLint({ cwd: root, ignore: false });
  });

  const pick = (config: Linter.Config) => Object.fromEntries(RULES.map((rule) => [rule, config.rules?.[rule]]));

  for (const [real, fixture] of PAIRS) {
    it(`${real} is held to the same layer rules as the fixture ${fixture}`, async () => {
      const [realConfig, fixtureConfig] = await Promise.all([
        eslint.calculateConfigForFile(path.join(root, real)) as Promise<Linter.Config>,
        unignored.calculateConfigForFile(path.join(root, FIXTURES, fixture)) as Promise<Linter.Config>,
      ]);
      const rules = pick(realConfig);
      const expected = pick(fixtureConfig);
      if (!real.startsWith('lib/') && fixture.startsWith('lib/')) expected['layers/server-only-marker'] = undefined;
      expect(rules).toEqual(expected);
      expect(rules['@typescript-eslint/no-restricted-imports']).toBeDefined();
      expect(rules['import-x/no-cycle']).toBeDefined();
    });
  }

  it('db/queries and lib/ modules are checked for the marker, other db/ modules are not', async () => {
    const marker = async (file: string) => ((await eslint.calculateConfigForFile(path.join(root, file))) as Linter.Config).rules?.['layers/server-only-marker'];
    expect(await marker('db/queries/claims.ts')).toEqual([2, { when: 'always' }]);
    expect(await marker('db/client.ts')).toEqual([2, { when: 'always' }]);
    expect(await marker('lib/claims/claims.ts')).toEqual([2, { when: 'server-imports' }]);
    expect(await marker('db/open.ts')).toBeUndefined();
    expect(await marker('app/(workbench)/claims/[id]/page.tsx')).toBeUndefined();
  });

  it('the normal lint skips the fixtures and covers the real folders', async () => {
    expect(await eslint.isPathIgnored(path.join(root, FIXTURES, 'app/reads-db.ts'))).toBe(true);
    for (const file of ['app/(workbench)/claims/[id]/page.tsx', 'db/queries/claims.ts', 'lib/claims/claims.ts', 'tests/unit/permissions.test.ts']) {
      expect(await eslint.isPathIgnored(path.join(root, file)), file).toBe(false);
    }
  });
});
