import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import drizzle from 'eslint-plugin-drizzle';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

// ---------------------------------------------------------------------------------------------
// The layers (app/ -> lib/ -> db/) and the rules that hold them. The fixtures under
// tests/fixtures/layers/ copy the app/, lib/ and db/ layout so tests/unit/layer-rules.test.ts can
// show each rule firing; the normal lint ignores them, as they break the rules on purpose.
// ---------------------------------------------------------------------------------------------

const FIXTURES = 'tests/fixtures/layers';
const TS = '**/*.{ts,tsx}';
const inLayer = (layer) => [`${layer}/${TS}`, `${FIXTURES}/${layer}/${TS}`];
const APP_FILES = inLayer('app');
const LIB_FILES = inLayer('lib');
const DB_FILES = inLayer('db');
/** The modules that must always carry the server-only marker. */
const DB_SERVER_ONLY_FILES = ['db/queries', `${FIXTURES}/db/queries`].map((dir) => `${dir}/${TS}`).concat(['db/client.ts', `${FIXTURES}/db/client.ts`]);

/** An import path naming the folder, by alias or by a relative path climbing into it. */
const intoFolder = (folder) => `^(@/${folder}|(\\.\\./)+${folder})(/.*)?$`;

const NO_DB_FROM_APP = {
  regex: intoFolder('db'),
  caseSensitive: true,
  message:
    'app/ imports lib/ only: get data from a lib/ loader that checks permission (add one beside the domain in lib/), and take types from the lib/ module that returns them.',
};
const NO_LIB_FROM_DB = {
  regex: intoFolder('lib'),
  caseSensitive: true,
  message:
    'db/ is private to lib/ and imports nothing from it; pass what it needs in (a value, a decoded cursor, an already-checked actor) as an argument from the lib/ caller.',
};
const NO_APP_FROM_OUTSIDE = {
  regex: intoFolder('app'),
  caseSensitive: true,
  message:
    'Nothing outside app/ imports app/: move the shared code into lib/ and import it from there in both places.',
};

/** Which local file an import names: `@/` is the repository root; extensionless paths try .ts, .tsx and index files. */
function resolveLocal(source, fromFile) {
  let base;
  if (source.startsWith('@/')) base = path.join(root, source.slice(2));
  else if (source === '.' || source === '..' || source.startsWith('./') || source.startsWith('../')) base = path.resolve(path.dirname(fromFile), source);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return null;
}

const fromRoot = (file) => path.relative(root, file).split(path.sep).join('/');

/** Leading comments and blank space, skipped to find a module's first statement. */
const LEADING_TRIVIA = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/;
const SERVER_ONLY_IMPORT = /^\s*import\s+['"]server-only['"]/m;

const moduleKinds = new Map();
/** Whether a module is a 'use server' action module and whether it imports 'server-only' (cached per file version). */
function moduleKind(file) {
  const mtime = fs.statSync(file).mtimeMs;
  const cached = moduleKinds.get(file);
  if (cached && cached.mtime === mtime) return cached;
  const text = fs.readFileSync(file, 'utf8');
  const body = text.replace(LEADING_TRIVIA, '');
  const kind = { mtime, useServer: /^(['"])use server\1/.test(body), serverOnly: SERVER_ONLY_IMPORT.test(text) };
  moduleKinds.set(file, kind);
  return kind;
}

/** Whether the statement's directive prologue holds the directive ('use client', 'use server'). */
function hasDirective(program, directive) {
  for (const statement of program.body) {
    if (statement.type !== 'ExpressionStatement' || typeof statement.directive !== 'string') return false;
    if (statement.directive === directive) return true;
  }
  return false;
}

/** Import declarations and re-exports with a source, each with whether it is erased at compile time. */
function moduleSources(program) {
  const found = [];
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration') {
      const typeOnly =
        statement.importKind === 'type' ||
        (statement.specifiers.length > 0 && statement.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
      found.push({ node: statement, source: statement.source.value, typeOnly });
    } else if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportAllDeclaration') && statement.source) {
      const typeOnly =
        statement.exportKind === 'type' ||
        (statement.type === 'ExportNamedDeclaration' && statement.specifiers.length > 0 && statement.specifiers.every((s) => s.exportKind === 'type'));
      found.push({ node: statement, source: statement.source.value, typeOnly });
    }
  }
  return found;
}

const isDbModule = (relative) => relative.startsWith('db/') || relative.startsWith(`${FIXTURES}/db/`);
/** db/ modules that only declare (tables, enum values; one file or a folder of them) and touch no connection. */
const DECLARATION_ONLY_DB = /^(db|tests\/fixtures\/layers\/db)\/(schema|enums)(\.ts$|\/)/;

/**
 * Why an import makes the importing lib/ module server code, or null. The criterion: it reaches
 * the database (any db/ module but the schema and enum declarations), Node itself (built-in modules:
 * files, processes, crypto and secrets), SQLite, or the request and session (next/headers, the
 * next-auth server API). Pure modules (formatting, labels, validation) stay importable by client
 * components.
 */
function serverReason(source, fromFile) {
  if (source === 'server-only') return null;
  if (source.startsWith('node:') || isBuiltin(source)) return 'a Node built-in module';
  if (source === 'better-sqlite3' || source.startsWith('drizzle-orm/better-sqlite3')) return 'the SQLite driver';
  if (source === 'next/headers') return 'the request headers and cookies';
  if ((source === 'next-auth' || source.startsWith('next-auth/')) && source !== 'next-auth/react') return 'the next-auth server API';
  const resolved = resolveLocal(source, fromFile);
  const relative = resolved ? fromRoot(resolved) : source.startsWith('@/') ? source.slice(2) : null;
  if (relative && isDbModule(relative) && !DECLARATION_ONLY_DB.test(resolved ? relative : `${relative}.ts`)) return 'the database';
  return null;
}

const layers = {
  meta: { name: 'claimbench-layers' },
  rules: {
    'client-imports-no-server': {
      meta: {
        type: 'problem',
        docs: { description: "A 'use client' module imports no server module: none that imports 'server-only', nothing under db/." },
        schema: [],
        messages: {
          serverOnly:
            "Client component imports '{{source}}', a server-only module: load the data in a server component (through lib/) and pass it in as props, or call a 'use server' action.",
          db: "Client component imports '{{source}}' from db/: the database never reaches the browser; a server component loads the data through lib/ and passes it in as props.",
        },
      },
      create(context) {
        return {
          Program(program) {
            if (!hasDirective(program, 'use client')) return;
            for (const { node, source, typeOnly } of moduleSources(program)) {
              // Type-only imports are erased before bundling and ship nothing to the browser.
              if (typeOnly) continue;
              if (source === 'server-only') {
                context.report({ node, messageId: 'serverOnly', data: { source } });
                continue;
              }
              const resolved = resolveLocal(source, context.filename);
              const relative = resolved ? fromRoot(resolved) : source.startsWith('@/') ? source.slice(2) : null;
              if (relative && isDbModule(relative)) {
                context.report({ node, messageId: 'db', data: { source } });
                continue;
              }
              if (!resolved) continue;
              const kind = moduleKind(resolved);
              // A 'use server' module reaches the client as references to its actions, never as code.
              if (kind.serverOnly && !kind.useServer) context.report({ node, messageId: 'serverOnly', data: { source } });
            }
          },
        };
      },
    },
    'server-only-marker': {
      meta: {
        type: 'problem',
        docs: { description: "Server modules start with import 'server-only', so a client component that reaches one fails the build." },
        schema: [{ type: 'object', properties: { when: { enum: ['always', 'server-imports'] } }, additionalProperties: false }],
        messages: {
          always:
            "Start this module with `import 'server-only';` (its first import): it reads the database, so a client component that reaches it must fail the build instead of shipping it to the browser.",
          serverImports:
            "This lib/ module imports '{{source}}' ({{reason}}), so it is server code: start it with `import 'server-only';` (its first import) so no client component can pull it in.",
          notFirst: "`import 'server-only';` must be the module's first import, so the guard runs before anything else is loaded.",
        },
      },
      create(context) {
        const when = context.options[0]?.when ?? 'always';
        return {
          Program(program) {
            const imports = program.body.filter((s) => s.type === 'ImportDeclaration');
            const marker = imports.find((s) => s.source.value === 'server-only' && s.specifiers.length === 0);
            if (marker) {
              if (imports[0] !== marker) context.report({ node: marker, messageId: 'notFirst' });
              return;
            }
            if (when === 'always') {
              context.report({ node: imports[0] ?? program, messageId: 'always' });
              return;
            }
            for (const { node, source, typeOnly } of moduleSources(program)) {
              if (typeOnly) continue;
              const reason = serverReason(source, context.filename);
              if (reason) {
                context.report({ node, messageId: 'serverImports', data: { source, reason } });
                return;
              }
            }
          },
        };
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'data/**',
      'test-results/**',
      'next-env.d.ts',
      'db/migrations/**',
      // Broken on purpose; tests/unit/layer-rules.test.ts lints them with ignore: false.
      `${FIXTURES}/**`,
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@next/next': nextPlugin, drizzle, 'import-x': importX, layers },
    settings: {
      // import-x/no-cycle reads each imported module itself: these let it parse TypeScript and
      // resolve the @/ alias through tsconfig.json.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: path.join(root, 'tsconfig.json') })],
    },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      // An un-awaited async permission check is always truthy: these catch it.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through lib/env.ts.' },
      ],
      // Type-only imports take part in no cycle at run time, and import-x leaves them out. No cycle
      // of ours runs through node_modules, and not walking packages' typings keeps the rule cheap.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'layers/client-imports-no-server': 'error',
    },
  },
  {
    // The places allowed to read process.env: the env module itself, Next's build-time constants,
    // and the command-line entry points and tests that pass an environment to child processes.
    files: ['lib/env.ts', 'proxy.ts', 'instrumentation.ts', 'scripts/**', 'tests/**', '*.config.*'],
    rules: { 'no-restricted-properties': 'off' },
  },
  // Layers. A later block replaces an earlier one's options for the same rule, so each block lists
  // every pattern that applies to its files. No test imports app/ today, so tests/ is held to it too.
  {
    files: ['**/*.{ts,tsx}'],
    ignores: APP_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NO_APP_FROM_OUTSIDE] }] },
  },
  {
    files: APP_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NO_DB_FROM_APP] }] },
  },
  {
    files: DB_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NO_LIB_FROM_DB, NO_APP_FROM_OUTSIDE] }] },
  },
  {
    files: DB_SERVER_ONLY_FILES,
    rules: { 'layers/server-only-marker': ['error', { when: 'always' }] },
  },
  {
    files: LIB_FILES,
    rules: { 'layers/server-only-marker': ['error', { when: 'server-imports' }] },
  },
);
