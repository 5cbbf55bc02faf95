/**
 * npm run apikey:create -- --name "Newsroom CMS" --scope verdicts:read --scope claims:write [--expires-in 90d]
 * Prints the key once; only its hash is stored. A key made here belongs to no person, so no one's
 * being disabled or demoted suspends it; --expires-in makes it stop working after that many days.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open';
import { createApiKey } from '../lib/api/keys';
import { AppError, validationError } from '../lib/errors';
import { parseEnv } from '../lib/env';
import { ApiKeyCreate, parseExpiresIn } from '../lib/validation/api-key';

function main(): void {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, scope: { type: 'string', multiple: true }, 'expires-in': { type: 'string' } },
    strict: true,
  });
  const expiresInDays = values['expires-in'] === undefined ? undefined : parseExpiresIn(values['expires-in']);
  const parsed = ApiKeyCreate.safeParse({ name: values.name ?? '', scopes: values.scope ?? [], expiresInDays });
  if (!parsed.success) throw validationError(parsed.error);
  const env = parseEnv({ ...process.env, NODE_ENV: 'development' });
  const db = openDatabase(env.DATABASE_PATH);
  try {
    const { key, apiKey } = createApiKey(db, null, parsed.data);
    const expiry = apiKey.expiresAt ? `; it expires at ${apiKey.expiresAt}` : '; it does not expire';
    console.log(`Created API key "${apiKey.name}" (${apiKey.scopes.join(', ')}), prefix ${apiKey.prefix}${expiry}.`);
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
    const option = (field: string) => (field === 'scopes' ? 'scope' : field === 'expiresInDays' ? 'expires-in' : field);
    const fields = Object.entries(error.fieldErrors).map(([field, messages]) => `--${option(field)}: ${messages.join(', ')}`);
    console.error([error.message, ...fields].join('\n'));
  } else {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
}
