import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider for the sign-on tests: panva's oidc-provider (a certified OpenID Connect
 * implementation) on a loopback port, with one confidential client, a few accounts and a login and
 * consent interaction of its own (plain HTML forms, so the flow also runs without JavaScript).
 * Nothing about it knows Claimbench: the app discovers it, redirects to it, and checks its ID
 * tokens as it would Google's.
 */

export interface TestAccount {
  /** The provider's subject. */
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
  password: string;
}

export interface TestProvider {
  /** The issuer exactly as the provider states it in discovery and in its ID tokens. */
  issuer: string;
  /** http://127.0.0.1:<port>, where the provider answers. */
  origin: string;
  clientId: string;
  clientSecret: string;
  /**
   * Starts answering as an OpenID provider, with these accounts and the app's callback as the
   * client's only redirect URI (known once the app runs, which needs the issuer first).
   */
  serve(options: { accounts: readonly TestAccount[]; redirectUri: string }): void;
  stop(): Promise<void>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return new URLSearchParams(text);
}

function loginForm(uid: string, error?: string): string {
  return page(
    'Test provider: sign in',
    `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
  <label for="login">Email</label> <input id="login" name="login" type="email" required>
  <label for="password">Password</label> <input id="password" name="password" type="password" required>
  <button type="submit">Sign in to the provider</button>
</form>`,
  );
}

function consentForm(uid: string, clientId: string): string {
  return page(
    'Test provider: share your details',
    `<p>${escapeHtml(clientId)} asks for your email address and name.</p>
<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>`,
  );
}

/**
 * Opens the provider's port on 127.0.0.1 (one host name throughout, or cookies go missing);
 * `trailingSlash` states the issuer as http://127.0.0.1:<port>/, for the issuer-mismatch test.
 */
export async function openTestProvider(options: { trailingSlash?: boolean } = {}): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test provider has no port');
  const origin = `http://127.0.0.1:${address.port}`;
  const issuer = options.trailingSlash ? `${origin}/` : origin;
  const clientId = 'claimbench-e2e';
  const clientSecret = randomBytes(24).toString('base64url');
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (handle) handle(req, res);
    else send(res, 503, page('Not serving yet', ''));
  });

  const serve = ({ accounts, redirectUri }: { accounts: readonly TestAccount[]; redirectUri: string }) => {
    const byEmail = new Map(accounts.map((account) => [account.email, account]));
    const bySub = new Map(accounts.map((account) => [account.sub, account]));
    const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'e2e-1', use: 'sig', alg: 'RS256' };

    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      // Put the email and name in the ID token itself, as Google, Entra and Keycloak do.
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      async findAccount(_ctx: unknown, sub: string) {
        const account = bySub.get(sub);
        if (!account) return undefined;
        return {
          accountId: sub,
          claims: () => ({ sub, email: account.email, email_verified: account.emailVerified, name: account.name }),
        };
      },
    });
    const handleProvider = provider.callback();

    const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string, step: string | undefined) => {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET' && step === undefined) {
        if (details.prompt.name === 'login') return send(res, 200, loginForm(uid));
        return send(res, 200, consentForm(uid, details.params.client_id));
      }
      if (req.method === 'POST' && step === 'login') {
        const form = await formBody(req);
        const account = byEmail.get(form.get('login') ?? '');
        if (!account || account.password !== form.get('password')) return send(res, 200, loginForm(uid, 'Wrong email or password.'));
        return provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
      }
      if (req.method === 'POST' && step === 'confirm') {
        const { prompt, params, session, grantId } = details;
        const grant = grantId ? await provider.Grant.find(grantId) : new provider.Grant({ accountId: session?.accountId ?? '', clientId: params.client_id });
        if (!grant) throw new Error('the grant went missing');
        if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
        if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
        return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      }
      return send(res, 405, page('Not allowed', ''));
    };

    handle = (req: IncomingMessage, res: ServerResponse) => {
      const match = /^\/interaction\/([\w-]+)(?:\/(login|confirm))?$/.exec(new URL(req.url ?? '/', origin).pathname);
      if (!match) return handleProvider(req, res);
      interaction(req, res, match[1]!, match[2]).catch((error: unknown) => {
        if (!res.headersSent) send(res, 400, page('Interaction failed', `<p>${escapeHtml(String(error))}</p>`));
      });
    };
  };

  return {
    issuer,
    origin,
    clientId,
    clientSecret,
    serve,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
