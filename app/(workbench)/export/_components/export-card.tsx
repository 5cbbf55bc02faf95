'use client';

import { useEffect, useState } from 'react';

export interface ExportCardFormat {
  name: string;
  /** "This export will hold 12 rows." */
  countText: string;
  /** The first rows exactly as the file will hold them. */
  preview: string;
  truncated: boolean;
  /** What the preview shows, e.g. "the header and the first 5 rows". */
  previewLabel: string;
  downloadHref: string;
  /** The fields every row holds, in order; null for the ClaimReview feed. */
  fields: readonly string[] | null;
}

/**
 * The export's card: its name, size, first rows and download link, for the format chosen in the
 * form. The server renders every format's card data; this follows the format radios as they change,
 * so choosing JSON Lines says "Download JSON Lines" before the form is sent again. Without
 * JavaScript the card shows the format the page was loaded with, and Preview reloads it.
 */
export function ExportCard({ formId, initial, formats }: { formId: string; initial: string; formats: Record<string, ExportCardFormat> }) {
  const [format, setFormat] = useState(initial);
  useEffect(() => {
    const form = document.getElementById(formId);
    if (!form) return;
    const follow = (event: Event) => {
      const target = event.target;
      if (target instanceof HTMLInputElement && target.name === 'format' && target.checked && target.value in formats) setFormat(target.value);
    };
    form.addEventListener('change', follow);
    return () => form.removeEventListener('change', follow);
  }, [formId, formats]);

  const chosen = formats[format] ?? formats[initial];
  if (!chosen) return null;
  return (
    <section aria-labelledby="export-ready" className="panel export-ready" data-format={format}>
      <h2 id="export-ready">{chosen.name}</h2>
      <p role="status">{chosen.countText}</p>
      <h3 id="export-preview-heading">Preview: {chosen.previewLabel}, as the file will hold them</h3>
      {chosen.preview ? (
        <div className="export-preview" role="region" aria-labelledby="export-preview-heading" tabIndex={0}>
          <pre>
            <code>{chosen.preview}</code>
          </pre>
        </div>
      ) : (
        <p className="empty">Nothing to preview: no row matches these choices.</p>
      )}
      {chosen.truncated ? <p className="hint">The file goes on after these rows.</p> : null}
      {chosen.fields ? (
        <p className="hint export-fields">
          Every row holds, in this order: {chosen.fields.map((field, i) => (
            <span key={field}>
              {i > 0 ? ', ' : ''}
              <code>{field}</code>
            </span>
          ))}
          .
        </p>
      ) : null}
      {/* A plain link: the download is a route handler, not a page for the client router. */}
      <a href={chosen.downloadHref} className="button primary" download>
        Download {chosen.name}
      </a>
    </section>
  );
}
