import type { z } from 'zod';
import { AppearanceInput } from './claim';
import { positiveId } from './fields';
import { PublisherName } from './source';

export const AppearanceCreate = AppearanceInput.extend({ claimId: positiveId, ...PublisherName.shape });
export type AppearanceCreate = z.infer<typeof AppearanceCreate>;
