'use client';

import { useSyncExternalStore } from 'react';
import { ClaimantSuggestions, PublisherSuggestions } from '../../../_components/source-name-field';

const noChanges = () => () => {};

/**
 * The page's lists of suggested source names, which only its forms' publisher and claimant fields
 * use. Those forms are rendered when opened, so the lists are too: in the browser once the page is
 * interactive, and in the server's markup only when a form is rendered open there (`withForms`).
 * The names come as a plain array, not as markup, so the page's React payload carries them once.
 */
export function SourceSuggestions({ publishers, claimants, withForms }: { publishers: string[]; claimants: string[]; withForms: boolean }) {
  const hydrated = useSyncExternalStore(
    noChanges,
    () => true,
    () => false,
  );
  if (!hydrated && !withForms) return null;
  return (
    <>
      <PublisherSuggestions names={publishers} />
      {claimants.length > 0 ? <ClaimantSuggestions names={claimants} /> : null}
    </>
  );
}
