import { inlineCode } from '@/lib/api/docs';

/** A description from the OpenAPI document: `backticks` become <code>, everything else is text (React escapes it). */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {inlineCode(text).map((part, i) => (part.code ? <code key={i}>{part.text}</code> : <span key={i}>{part.text}</span>))}
    </>
  );
}

/** A block of code a reader copies: focusable so a keyboard can scroll it, named for screen readers. */
export function CodeBlock({ label, code, kind }: { label: string; code: string; kind?: string }) {
  return (
    <div className="snippet" role="region" aria-label={label} tabIndex={0} data-code={kind}>
      <pre>
        <code>{code}</code>
      </pre>
    </div>
  );
}
