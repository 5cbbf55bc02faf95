import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const LOG_FILE = path.join(root, 'test-results', 'e2e-build.log');
/** How much of the build log an error message shows; the whole log stays in LOG_FILE. */
const LOG_TAIL_CHARS = 12_000;

/**
 * Builds the app once for every end-to-end file (vitest globalSetup). `E2E_SKIP_BUILD=1` reuses an
 * existing build, for re-running tests against unchanged app code.
 */
export default async function setup(): Promise<void> {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (process.env.E2E_SKIP_BUILD === '1' && fs.existsSync(buildId)) return;
  await buildApp();
}

function buildApp(): Promise<void> {
  fs.mkdirSync(path.dirname(LOG_FILE), { recursive: true });
  const log = fs.createWriteStream(LOG_FILE);
  let output = '';
  const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const record = (chunk: Buffer) => {
    log.write(chunk);
    output = (output + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS);
  };
  child.stdout.on('data', record);
  child.stderr.on('data', record);

  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      log.end();
      reject(error);
    });
    child.on('close', (code, signal) => {
      log.end(() => {
        if (code === 0) resolve();
        else
          reject(
            new Error(
              `next build failed (${signal ?? `exit code ${code}`}); full log in ${LOG_FILE}\n${output}`,
            ),
          );
      });
    });
  });
}
