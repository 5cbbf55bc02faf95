/**
 * npm run apikey:create -- --name "Newsroom CMS" --scope verdicts:read --scope claims:write
 * Prints the key once; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open';
import { createApiKey } from '../lib/api-keys';
import { AppError, validationError } from '../lib/errors';
import { parseEnv } from '../lib/env';
import { ApiKeyCreate } from '../lib/validation/api-key';

function main(): void {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, scope: { type: 'string', multiple: true } },
    strict: true,
  });
  const parsed = ApiKeyCreate.safeParse({ name: values.name ?? '', scopes: values.scope ?? [] });
  if (!parsed.success) throw validationError(parsed.error);
  const env = parseEnv({ ...process.env, NODE_ENV: 'development' });
  const db = openDatabase(env.DATABASE_PATH);
  try {
    const { key, apiKey } = createApiKey(db, null, parsed.data);
    console.log(`Created API key "${apiKey.name}" (${apiKey.scopes.join(', ')}), prefix ${apiKey.prefix}.`);
    console.log('Copy it now; it is stored only as a hash and will not be shown again:');
    console.log(key);
  } finally {
    db.$client.close();
  }
}

try {
  main();
} catch (error) {
  if (error instanceof AppError) {
    const fields = Object.entries(error.fieldErrors).map(([field, messages]) => `--${field === 'scopes' ? 'scope' : field}: ${messages.join(', ')}`);
    console.error([error.message, ...fields].join('\n'));
  } else {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
}
