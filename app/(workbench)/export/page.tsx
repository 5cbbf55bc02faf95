import type { Metadata } from 'next';
import Link from 'next/link';
import { STATUS_LABELS } from '@/lib/display/labels';
import { loadExportPage } from '@/lib/export/export-page';
import { signedInPage } from '@/lib/http/page-context';
import { PAGE_EXPORT_FORMATS, exportSearchParams, type ExportPageFormat } from '@/lib/validation/export';
import { CLAIM_STATUSES } from '@/lib/vocabulary';
import { PREVIEW_ROWS } from '@/lib/export/preview';
import { EXPORT_COLUMNS } from '@/lib/export/records';
import { RESEARCH_COLUMNS } from '@/lib/insights/research-export';
import { ExportCard, type ExportCardFormat } from './_components/export-card';
import './export.css';

export const metadata: Metadata = { title: 'Export' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const FORMATS: Record<ExportPageFormat, { name: string; hint: string }> = {
  csv: { name: 'CSV', hint: 'One row per claim, for spreadsheets; each timestamp has a date column (YYYY-MM-DD) beside it.' },
  jsonl: { name: 'JSON Lines', hint: 'One JSON object per claim per line, with the same fields as the CSV, for scripts and data tools.' },
  claimreview: {
    name: 'ClaimReview feed',
    hint: 'One schema.org ClaimReview per published verdict (retracted ones left out), as JSON-LD.',
  },
  assessments: {
    name: 'Assessments for researchers',
    hint: 'CSV, one row per current assessment of a published claim, with the verdict; reviewers as stable pseudonyms. The filters do not apply.',
  },
};

const FIELD_NAMES: Record<string, string> = {
  format: 'Format',
  status: 'Status',
  claimant: 'Claimant',
  updatedSince: 'Updated since',
  names: 'Reviewers’ names',
};

function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first;
  }
  return out;
}

function rowsText(count: number, format: ExportPageFormat): string {
  const unit = format === 'claimreview' ? (count === 1 ? 'verdict' : 'verdicts') : count === 1 ? 'row' : 'rows';
  return `This export will hold ${count.toLocaleString('en-US')} ${unit}.`;
}

const PREVIEW_LABELS: Record<ExportPageFormat, (shown: number) => string> = {
  csv: (n) => `the header row and the first ${n} ${n === 1 ? 'row' : 'rows'} (the file also starts with a byte-order mark, so Excel reads it as UTF-8)`,
  jsonl: (n) => `the first ${n} ${n === 1 ? 'line' : 'lines'}`,
  claimreview: (n) => `the feed’s opening and its first ${n} ${n === 1 ? 'ClaimReview' : 'ClaimReviews'}`,
  assessments: (n) => `the header row and the first ${n} ${n === 1 ? 'row' : 'rows'}, with pseudonyms (the file also starts with a byte-order mark)`,
};

/** Exports for editors: choose a format and filters, preview the row count, download the stream. */
export default async function ExportPage({ searchParams }: Props) {
  const { actor, db } = await signedInPage('export:run');
  const { query, errors, claimants, formats } = loadExportPage(db, actor, firstValues(await searchParams));
  const chosenClaimant = query.claimant;
  const claimantMissing = chosenClaimant !== undefined && !claimants.some((c) => c.id === chosenClaimant);
  const cards = formats
    ? (Object.fromEntries(
        (Object.keys(formats) as ExportPageFormat[]).map((format) => {
          const { count, preview } = formats[format] as NonNullable<(typeof formats)[ExportPageFormat]>;
          const card: ExportCardFormat = {
            name: FORMATS[format].name,
            countText: rowsText(count, format),
            preview: preview.text,
            truncated: preview.truncated,
            previewLabel: PREVIEW_LABELS[format](Math.min(count, PREVIEW_ROWS)),
            downloadHref: `/export/download?${exportSearchParams({ ...query, format }).toString()}`,
            fields: format === 'claimreview' ? null : format === 'assessments' ? RESEARCH_COLUMNS : EXPORT_COLUMNS,
          };
          return [format, card];
        }),
      ) as Record<string, ExportCardFormat>)
    : null;

  return (
    <>
      <h1>Export</h1>
      <p className="lede">
        Download claims and their verdicts. The file is written as it downloads, so even a large export starts at
        once.
      </p>

      {cards === null ? (
        <div role="alert" className="form-alert">
          <p>Some choices were not valid and have been reset.</p>
          <ul>
            {Object.entries(errors).map(([field, messages]) => (
              <li key={field}>
                {FIELD_NAMES[field] ?? field}: {messages.join(' ')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <form id="export-form" action="/export" method="get" className="form" aria-label="Export settings">
        <fieldset className="export-formats">
          <legend>Format</legend>
          {PAGE_EXPORT_FORMATS.map((format) => (
            <div key={format} className="field checkbox">
              <input
                id={`format-${format}`}
                type="radio"
                name="format"
                value={format}
                defaultChecked={query.format === format}
                aria-describedby={`format-${format}-hint`}
              />
              <label htmlFor={`format-${format}`}>{FORMATS[format].name}</label>
              <span id={`format-${format}-hint`} className="hint">
                {FORMATS[format].hint}
              </span>
            </div>
          ))}
        </fieldset>

        <fieldset>
          <legend>Filters</legend>
          <div className="row">
            <div className="field">
              <label htmlFor="status">Status</label>
              <select id="status" name="status" defaultValue={query.status ?? ''}>
                <option value="">All</option>
                {CLAIM_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {STATUS_LABELS[status]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="claimant">Claimant</label>
              <select id="claimant" name="claimant" defaultValue={chosenClaimant ? String(chosenClaimant) : ''}>
                <option value="">Anyone</option>
                {claimantMissing ? <option value={chosenClaimant}>Claimant {chosenClaimant}</option> : null}
                {claimants.map((source) => (
                  <option key={source.id} value={source.id}>
                    {source.name} ({source.claimCount})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="updatedSince">Updated since</label>
              <input
                id="updatedSince"
                name="updatedSince"
                type="date"
                defaultValue={query.updatedSince?.slice(0, 10) ?? ''}
                aria-describedby="updatedSince-hint"
              />
              <p id="updatedSince-hint" className="hint">
                Claims changed on or after this day (UTC).
              </p>
            </div>
          </div>
        </fieldset>

        <div className="field checkbox">
          <input id="names" type="checkbox" name="names" value="1" defaultChecked={query.names === true} aria-describedby="names-hint" />
          <label htmlFor="names">Reviewers’ names instead of pseudonyms</label>
          <span id="names-hint" className="hint">
            Only for the assessments export. Exporting names is recorded in the audit log.
          </span>
        </div>

        <div className="filter-actions">
          <button type="submit" className="button">
            Preview
          </button>
          <Link href="/export">Clear</Link>
        </div>
      </form>

      {cards !== null ? <ExportCard formId="export-form" initial={query.format} formats={cards} /> : null}
    </>
  );
}
