import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { demoChildEnv } from '../../scripts/demo-env';

describe('PUBLIC_URL (issue 14)', () => {
  it('npm run demo sets it to the address it serves, unless one is given', () => {
    const env = demoChildEnv({}, '/tmp/demo.db', 3456, 'x'.repeat(32));
    expect(env.PUBLIC_URL).toBe('http://localhost:3456');
    expect(parseEnv(env)).toMatchObject({ PUBLIC_URL: 'http://localhost:3456', PUBLIC_URL_IS_DEFAULT: false });
    expect(demoChildEnv({ PUBLIC_URL: 'https://desk.example.org' }, '/tmp/demo.db', 3456, 'x'.repeat(32)).PUBLIC_URL).toBe('https://desk.example.org');
  });

  it('knows when it was left at its default', () => {
    expect(parseEnv({}).PUBLIC_URL_IS_DEFAULT).toBe(true);
    expect(parseEnv({ PUBLIC_URL: '' }).PUBLIC_URL_IS_DEFAULT).toBe(true);
    expect(parseEnv({ PUBLIC_URL: 'http://localhost:3000' }).PUBLIC_URL_IS_DEFAULT).toBe(false);
  });
});
