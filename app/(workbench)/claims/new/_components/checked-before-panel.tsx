'use client';

import { useEffect, useRef, useState } from 'react';
import { STATUS_LABELS } from '@/lib/display/labels';
import { RATING_SCALE } from '@/lib/review/rating-scale';
import type { ClaimStatus, RatingLabel } from '@/lib/vocabulary';

/** A match as /claims/similar answers it (lib/matching's SimilarMatch, read as JSON). */
type Match =
  | { kind: 'claim'; id: number; text: string; score: number; tier: 'same' | 'related'; claimant: string; status: ClaimStatus; verdict: { label: RatingLabel; kind: string } | null }
  | {
      kind: 'factcheck';
      id: number;
      text: string;
      score: number;
      tier: 'same' | 'related';
      title: string;
      publisher: { name: string; site: string };
      url: string;
      rating: { text: string; label: string | null };
      reviewDate: string | null;
    };

/** Wait this long after the last keystroke before asking the server. */
const DEBOUNCE_MS = 400;
/** Fewer characters than this are not yet a claim worth matching. */
const MIN_CHARACTERS = 12;

const ratingName = (label: string) => RATING_SCALE.find((step) => step.label === label)?.name ?? label;
const isWebAddress = (url: string) => /^https?:\/\//i.test(url);
const TIER_NAMES = { same: 'Probably the same claim', related: 'Related' } as const;

/**
 * "Checked before?": while the statement field of the form is typed in, lists the desk's claims and
 * other organisations' fact-checks that may be the same claim, each opening in a new tab. It watches
 * the field named `statement` in the same form (no change to the form itself), asks the server after
 * a pause in typing, and announces the count politely to screen readers.
 */
export function CheckedBeforePanel({ fieldName = 'statement' }: { fieldName?: string }) {
  const [matches, setMatches] = useState<Match[] | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<AbortController | null>(null);

  useEffect(() => {
    const ask = async (text: string) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      try {
        const response = await fetch(`/claims/similar?${new URLSearchParams({ text, limit: '8' })}`, { signal: controller.signal, headers: { accept: 'application/json' } });
        if (!response.ok) {
          setMatches(null);
          setAnnouncement('');
          return;
        }
        const { data } = (await response.json()) as { data: Match[] };
        setMatches(data);
        setAnnouncement(data.length === 0 ? 'Checked before? No similar claims or fact-checks found.' : `Checked before? ${data.length} possible ${data.length === 1 ? 'match' : 'matches'}.`);
      } catch (error) {
        if ((error as Error).name !== 'AbortError') setMatches(null);
      }
    };
    const onInput = (event: Event) => {
      const target = event.target as HTMLTextAreaElement | HTMLInputElement | null;
      if (!target || target.name !== fieldName) return;
      clearTimeout(timer.current);
      const text = target.value.trim();
      if (text.length < MIN_CHARACTERS) {
        inFlight.current?.abort();
        setMatches(null);
        return;
      }
      timer.current = setTimeout(() => void ask(text), DEBOUNCE_MS);
    };
    document.addEventListener('input', onInput);
    return () => {
      document.removeEventListener('input', onInput);
      clearTimeout(timer.current);
      inFlight.current?.abort();
    };
  }, [fieldName]);

  return (
    <section className="checked-before" aria-labelledby="checked-before-heading">
      <h2 id="checked-before-heading">Checked before?</h2>
      <p className="hint" aria-live="polite" role="status">
        {announcement || 'Type the statement: claims in this desk and fact-checks by others that look like it appear here.'}
      </p>
      {matches && matches.length > 0 ? (
        <ul className="checked-before-list">
          {matches.map((match) => (
            <li key={`${match.kind}-${match.id}`} data-tier={match.tier}>
              {match.kind === 'claim' ? (
                <>
                  <a href={`/claims/${match.id}`} target="_blank" rel="noopener noreferrer">
                    {match.text}
                  </a>
                  <span className="meta">
                    {' '}
                    — this desk, {match.claimant}; {STATUS_LABELS[match.status]}
                    {match.verdict ? `, verdict: ${ratingName(match.verdict.label)}` : ''}
                  </span>
                </>
              ) : (
                <>
                  {isWebAddress(match.url) ? (
                    <a href={match.url} target="_blank" rel="noopener noreferrer">
                      {match.title || match.text}
                    </a>
                  ) : (
                    <span>{match.title || match.text}</span>
                  )}
                  <span className="meta">
                    {' '}
                    — {match.publisher.name || match.publisher.site}
                    {match.rating.text ? `, rated “${match.rating.text}”` : ''}
                    {match.rating.label && match.rating.label !== 'no_equivalent' ? ` (${ratingName(match.rating.label)})` : ''}
                    {match.reviewDate ? `, ${match.reviewDate}` : ''}
                  </span>
                </>
              )}
              <span className="tier"> {TIER_NAMES[match.tier]}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
