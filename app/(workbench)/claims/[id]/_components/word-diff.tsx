import type { DiffPart } from '@/lib/display/text-diff';

/** A word diff (lib/display/text-diff.ts) as struck and inserted text, each change named for screen readers. */
export function WordDiff({ parts }: { parts: DiffPart[] }) {
  return (
    <p className="diff">
      {parts.map((part, index) =>
        part.kind === 'removed' ? (
          <del key={index}>
            <span className="visually-hidden">[removed: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </del>
        ) : part.kind === 'added' ? (
          <ins key={index}>
            <span className="visually-hidden">[added: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </ins>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}
