import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema',
  out: './db/migrations',
  strict: true,
  verbose: true,
});
