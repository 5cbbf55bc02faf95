import { STANCES } from '@/lib/vocabulary';

/** Evidence stances and their words; free of server code so both the section and the forms use it. */
export { STANCES };
export type Stance = (typeof STANCES)[number];

export const STANCE_LABELS: Record<Stance, string> = {
  supports: 'Supports',
  refutes: 'Refutes',
  adds_context: 'Adds context',
};

/** What an empty stance group says. */
export const STANCE_EMPTY: Record<Stance, string> = {
  supports: 'No supporting evidence.',
  refutes: 'No refuting evidence.',
  adds_context: 'No context evidence.',
};
