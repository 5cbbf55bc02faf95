import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '@/db/client';
import { clientAddress } from '@/lib/client-address';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { verifyCredentials } from './credentials';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Built on demand so that `next build` never needs the production secret. */
export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.AUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials, req) {
          const address = clientAddress(req.headers ?? {}, env.TRUST_PROXY);
          try {
            const user = await verifyCredentials(getDb(), credentials, address);
            return { id: String(user.id), email: user.email, name: user.name };
          } catch (error) {
            // A thrown message reaches the sign-in form; null becomes the generic CredentialsSignin.
            if (error instanceof AppError && error.code === 'rate_limited') throw new Error(error.message);
            if (error instanceof AppError) return null;
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        // The role is deliberately absent: it is read from the user row on every request.
        return { ...session, user: { id: token.sub, name: session.user?.name, email: session.user?.email } };
      },
    },
  };
}
