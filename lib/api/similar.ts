import 'server-only';
import type { Db } from '@/db/open';
import type { Actor } from '@/lib/auth/permissions';
import { findSimilar } from '@/lib/matching/find-similar';
import type { SimilarList } from './schemas';
import type { z } from 'zod';

/** GET /api/v1/claims/similar: findSimilar's matches in the API's snake_case shape. */
export async function similarForApi(db: Db, actor: Actor, text: string, limit: number): Promise<z.output<typeof SimilarList>> {
  return {
    data: (await findSimilar(db, actor, text, { limit })).map((match) =>
      match.kind === 'claim'
        ? { kind: 'claim', id: match.id, text: match.text, score: match.score, tier: match.tier, claimant: match.claimant, status: match.status, verdict: match.verdict }
        : {
            kind: 'factcheck',
            id: match.id,
            text: match.text,
            score: match.score,
            tier: match.tier,
            claimant: match.claimant,
            title: match.title,
            publisher: match.publisher,
            url: match.url,
            rating: match.rating,
            review_date: match.reviewDate,
          },
    ),
  };
}
