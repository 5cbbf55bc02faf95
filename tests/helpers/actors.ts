import { eq } from 'drizzle-orm';
import type { Db } from '@/db/open';
import { users } from '@/db/schema';
import { DEMO_DESK, type DeskMember } from '@/db/seed/demo-data';
import type { Actor } from '@/lib/auth/permissions';

/**
 * The people tests act as. A signed-in person reaches the domain functions as an Actor built from
 * their users row; tests build it the same way, from the row the seed or createUser wrote.
 */

export type UserActor = Extract<Actor, { kind: 'user' }>;

/** The actor of a users row (or anything with its id, role, name and email). */
export function userActor(user: Pick<UserActor, 'id' | 'role' | 'name' | 'email'>): UserActor {
  return { kind: 'user', id: user.id, role: user.role, name: user.name, email: user.email };
}

/** The actor of the user with this email; throws when there is none, so a test cannot act as nobody. */
export function actorByEmail(db: Db, email: string): UserActor {
  const row = db.select().from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`no user ${email} in the test database`);
  return userActor(row);
}

/** The demo desk's people, after seedDemo: two reviewers, an editor and an admin. */
export function demoActors(db: Db): Record<DeskMember, UserActor> {
  const entries = (Object.keys(DEMO_DESK) as DeskMember[]).map((person) => [person, actorByEmail(db, DEMO_DESK[person].email)] as const);
  return Object.fromEntries(entries) as Record<DeskMember, UserActor>;
}
