import { startSignOn } from '@/lib/auth/oidc-start';
import { otherMethods } from '@/lib/http/methods';

/** The "Sign in with …" button's form posts here: lib/auth/oidc-start.ts hands the browser to the provider. */
export async function POST(request: Request): Promise<Response> {
  return startSignOn(request);
}

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['POST']);
