import type { z } from 'zod';
import { AppearanceInput } from './claim';
import { positiveId } from './fields';

export const AppearanceCreate = AppearanceInput.extend({ claimId: positiveId });
export type AppearanceCreate = z.infer<typeof AppearanceCreate>;
