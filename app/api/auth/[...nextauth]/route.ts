import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/options';
import { rateLimitedAs429 } from '@/lib/auth/sign-in-refusal';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so `next build` needs no secret; NextAuth's App Router form.
async function handler(request: Request, context: RouteContext): Promise<Response> {
  const run = NextAuth as unknown as (req: Request, ctx: RouteContext, options: ReturnType<typeof getAuthOptions>) => Promise<Response>;
  const response = await run(request, context, getAuthOptions());
  // A credentials sign-in refused by the rate limiter becomes a 429 with Retry-After.
  return request.method === 'POST' ? rateLimitedAs429(response, request.url) : response;
}

export { handler as GET, handler as POST };
