import { Fragment } from 'react';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '@/lib/claims/search-query';

/**
 * Renders text carrying FTS5 highlight markers as <mark> elements. The markers are private-use
 * characters, so the text itself is never parsed as HTML: React escapes every piece.
 */
export function HighlightedText({ text }: { text: string }) {
  const parts = text.split(HIGHLIGHT_START);
  return (
    <>
      {parts.map((part, index) => {
        if (index === 0) return <Fragment key={index}>{part}</Fragment>;
        const [marked = '', rest = ''] = part.split(HIGHLIGHT_END);
        return (
          <Fragment key={index}>
            <mark>{marked}</mark>
            {rest}
          </Fragment>
        );
      })}
    </>
  );
}
