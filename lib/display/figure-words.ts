import type { Modality } from '@/db/schema';
import { formatDate, formatQuantity } from '@/lib/display/format';
import type { Figure } from '@/lib/review/figures';

/**
 * Why two figures for one measure cannot be set against each other, in plain words for the
 * estimate ledger: what kind of figure each is (from its modality), what else differs, and the
 * note a reviewer left when linking the two claims. The rule itself is lib/review/figures.ts.
 */

/** What kind of figure a modality makes, in words: "an estimate of what has already happened". */
export const MODALITY_WORDS: Record<Modality, string> = {
  reported_fact: 'a reported count of what has happened',
  estimate: 'an estimate of what has already happened',
  projection: 'a projection of what could happen',
};

export interface NamedFigure extends Figure {
  /** Who states it, as the ledger names them. */
  name: string;
}

function dayOf(asOf: string | null): string | null {
  const trimmed = asOf?.trim();
  return trimmed ? formatDate(trimmed) : null;
}

/**
 * The sentences that explain why two figures are not directly comparable; empty when they are.
 * `notes` are the notes of links between the two claims.
 */
export function explainIncomparability(a: NamedFigure, b: NamedFigure, notes: readonly string[] = []): string[] {
  const sentences: string[] = [];
  if (a.modality !== b.modality) {
    sentences.push(
      `${a.name} gives ${MODALITY_WORDS[a.modality]} (${formatQuantity(a)}); ${b.name} gives ${MODALITY_WORDS[b.modality]} (${formatQuantity(b)}). They answer different questions, so both can be right and neither contradicts the other.`,
    );
  }
  if (a.unit.trim().toLowerCase() !== b.unit.trim().toLowerCase()) {
    sentences.push(`They count in different units (${a.unit.trim() || 'none'} against ${b.unit.trim() || 'none'}).`);
  }
  const dayA = dayOf(a.asOf);
  const dayB = dayOf(b.asOf);
  if (dayA !== null && dayB !== null && dayA !== dayB) {
    sentences.push(`They describe different days (${dayA} and ${dayB}); the number may have changed in between.`);
  } else if ((dayA === null) !== (dayB === null)) {
    sentences.push(`The day ${dayA === null ? a.name : b.name}’s figure describes is not known.`);
  }
  if (sentences.length === 0) return [];
  for (const note of notes) {
    const text = note.trim();
    if (text) sentences.push(`When the claims were linked, a reviewer noted: “${text}”`);
  }
  return sentences;
}
