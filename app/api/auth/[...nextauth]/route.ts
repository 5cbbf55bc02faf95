import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/options';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so `next build` needs no secret; NextAuth's App Router form.
async function handler(request: Request, context: RouteContext): Promise<Response> {
  const run = NextAuth as unknown as (req: Request, ctx: RouteContext, options: ReturnType<typeof getAuthOptions>) => Promise<Response>;
  return run(request, context, getAuthOptions());
}

export { handler as GET, handler as POST };
