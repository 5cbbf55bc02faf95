import { fieldRows, type Json } from '@/lib/api/docs';
import { RichText } from './rich-text';

/**
 * The fields of an object schema as a table, nested fields indented under their parent
 * (`claimant.name`). Each row carries data-field with its dotted path, so the page can be checked
 * against the document field by field.
 */
export function FieldsTable({ doc, schema, caption, expandRefs }: { doc: Json; schema: unknown; caption: string; expandRefs: boolean }) {
  const rows = fieldRows(doc, schema, { expandRefs });
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-table fields">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.path} data-field={row.path}>
              <th scope="row" className={`field-depth-${Math.min(row.depth, 3)}`}>
                <code>{row.path}</code>
                {row.required ? <span className="muted"> (required)</span> : null}
              </th>
              <td>
                <code>{row.type}</code>
              </td>
              <td>
                <RichText text={row.description} />
                {row.defaultValue !== undefined ? (
                  <>
                    {' '}
                    <span className="muted">Default: </span>
                    <code>{JSON.stringify(row.defaultValue)}</code>
                  </>
                ) : null}
                {row.example !== undefined ? (
                  <>
                    {' '}
                    <span className="muted">Example: </span>
                    <code>{JSON.stringify(row.example)}</code>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
