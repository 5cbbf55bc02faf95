/**
 * npm run user:reset-password -- --email ana@example.org [--password-stdin]
 * Break-glass: a new password for an existing user (every session of theirs ends), read from a
 * hidden prompt or from standard input with --password-stdin. Works whatever PASSWORD_SIGNIN says;
 * with PASSWORD_SIGNIN=0 the password is used only once password sign-in is turned back on.
 */
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open';
import { AppError } from '../lib/errors';
import { parseEnv } from '../lib/env';
import { resetPasswordFromCommandLine } from '../lib/admin/password-reset';

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Hide what is typed: echo nothing after the question.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stdout.write(question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const env = parseEnv({ ...process.env, NODE_ENV: 'development' });
  let password: string;
  if (values['password-stdin']) {
    password = await readStdin();
  } else if (process.stdin.isTTY) {
    password = await prompt('New password: ');
    if ((await prompt('Repeat password: ')) !== password) throw new AppError('bad_request', 'The passwords do not match.');
  } else {
    throw new AppError('bad_request', 'No terminal to prompt on: pass the password on standard input with --password-stdin.');
  }
  const db = openDatabase(env.DATABASE_PATH);
  try {
    const user = await resetPasswordFromCommandLine(db, { email: values.email ?? '', password });
    console.log(`New password set for ${user.email} (id ${user.id}); every session of theirs has ended.`);
  } finally {
    db.$client.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof AppError) {
    const fields = Object.entries(error.fieldErrors).map(([field, messages]) => `--${field}: ${messages.join(', ')}`);
    console.error([error.message, ...fields].join('\n'));
  } else {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
