import 'server-only';
import type { NextAuthOptions, Session } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { cookies, headers } from 'next/headers';
import { getDb } from '@/lib/database';
import { bumpSessionGeneration, getSessionGeneration, type SessionUser } from '@/db/queries/users';
import { clientAddress } from '@/lib/http/client-address';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { safeCallbackPath } from './callback-url';
import { verifyCredentials } from './credentials';
import { deviceCookieFromHeader, issueDeviceCookie } from './device-cookie';
import { PASSWORD_SIGN_IN_OFF_ERROR, RATE_LIMITED_ERROR, SIGN_IN_FAILED_ERROR } from './messages';
import { OIDC_PROVIDER_ID, oidcConfig, oidcProvider, type OidcClaims } from './oidc';
import { decideSignOn, type SignOnRefusal } from './oidc-sign-in';
import { recordSecurityEvent } from './security-log';
import { SESSION_MAX_AGE_SECONDS, sessionClaims, sessionCookie, userOfToken } from './session-token';

export { SESSION_MAX_AGE_SECONDS };

/** A session as our session callback builds it: the user as their row says on this request. */
export type CurrentSession = Session & { user?: SessionUser };

/** The error codes the sign-in page explains when sign-on refuses someone (app/signin/page.tsx). */
export const SIGN_ON_REFUSAL_ERRORS: Record<SignOnRefusal, string> = {
  issuer_mismatch: 'SignOnIssuer',
  unverified_email: 'SignOnUnverified',
  domain_not_allowed: 'SignOnDomain',
  disabled: 'SignOnDisabled',
};

/** Built on demand so that `next build` never needs the production secret. */
export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  const cookie = sessionCookie();
  const signOn = oidcConfig(env);
  return {
    secret: env.AUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    // Fixed, so that the sign-in action (lib/auth/session-token.ts) sets the very cookie next-auth reads.
    useSecureCookies: cookie.options.secure,
    cookies: { sessionToken: cookie },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials, req) {
          const headers = (req.headers ?? {}) as Record<string, string | undefined>;
          const address = clientAddress(headers, env.TRUST_PROXY);
          try {
            const device = deviceCookieFromHeader(headers.cookie);
            const user = await verifyCredentials(getDb(), credentials, address, device);
            // Next merges cookies set here into next-auth's response.
            const deviceCookie = issueDeviceCookie(user.id, device);
            (await cookies()).set(deviceCookie.name, deviceCookie.value, deviceCookie.options);
            return { id: String(user.id), email: user.email, name: user.name, generation: getSessionGeneration(getDb(), user.id) ?? 0 };
          } catch (error) {
            // A thrown message travels in the error redirect; app/api/auth/[...nextauth]/route.ts turns
            // this one into a 429 with Retry-After. null becomes the generic CredentialsSignin.
            if (error instanceof AppError && error.code === 'rate_limited') {
              throw new Error(`${RATE_LIMITED_ERROR}:${error.retryAfterSeconds ?? 60}`);
            }
            if (error instanceof AppError && error.code === 'forbidden') throw new Error(PASSWORD_SIGN_IN_OFF_ERROR);
            if (error instanceof AppError) return null;
            // next-auth would put any other error's message into the redirect's ?error=: only a
            // generic code leaves; the details go to the server's log.
            console.error('Sign-in failed unexpectedly:', error);
            throw new Error(SIGN_IN_FAILED_ERROR);
          }
        },
      }),
      // Single sign-on, when OIDC_ISSUER is set (lib/auth/oidc.ts).
      ...(signOn ? [oidcProvider(signOn)] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        // Credentials were checked in authorize(); sign-on is decided here, on the ID token's claims.
        if (account?.provider !== OIDC_PROVIDER_ID || !signOn) return true;
        const address = clientAddress(await headers(), env.TRUST_PROXY);
        const decision = decideSignOn(getDb(), (profile ?? {}) as OidcClaims, signOn, address);
        if (!decision.ok) return `/signin?error=${SIGN_ON_REFUSAL_ERRORS[decision.reason]}`;
        // next-auth hands this same object to the jwt callback: it becomes our user, not the provider's.
        const signedIn = user as typeof user & { generation?: number };
        signedIn.id = String(decision.user.id);
        signedIn.name = decision.user.name;
        signedIn.email = decision.user.email;
        signedIn.generation = decision.generation;
        return true;
      },
      redirect({ url, baseUrl }) {
        // Where next-auth sends the browser after signing in or out: a path on this site only.
        return `${baseUrl}${safeCallbackPath(url)}`;
      },
      jwt({ token, user }) {
        // On sign-in only; afterwards the token is passed through unchanged.
        if (!user) return token;
        const signedIn = user as typeof user & { generation?: number };
        return { ...token, ...sessionClaims({ id: Number(user.id), name: user.name ?? '', email: user.email ?? '' }, signedIn.generation ?? 0) };
      },
      session({ session, token }): CurrentSession {
        // Every read of the session (pages, actions, /api/me, /api/auth/session) checks the user's
        // row: a disabled user, or a token from before a sign-out, has no user from the next request.
        const user = userOfToken(getDb(), token);
        return user ? { expires: session.expires, user } : { expires: session.expires };
      },
    },
    events: {
      signOut({ token }) {
        // next-auth's own sign-out endpoint ends the user's sessions the way the sign-out action does;
        // a token that is no longer current cannot sign its user out of their newer sessions.
        const user = userOfToken(getDb(), token);
        if (!user) return;
        getDb().transaction((tx) => {
          bumpSessionGeneration(tx, user.id);
          recordSecurityEvent(tx, { kind: 'sign_out', userId: user.id, email: user.email });
        });
      },
    },
  };
}
