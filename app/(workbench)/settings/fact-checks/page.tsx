import type { Metadata } from 'next';
import Link from 'next/link';
import { loadFactcheckSettings } from '@/lib/import/factchecks/mappings';
import { signedInPage } from '@/lib/http/page-context';
import { RATING_SCALE } from '@/lib/review/rating-scale';
import { MappingForm } from './_components/mapping-form';
import { MappingStatus } from './_components/mapping-status';
import { UploadForm } from './_components/upload-form';
import '../settings.css';
import './fact-checks.css';

export const metadata: Metadata = { title: 'Fact-checks' };

function targetName(label: string | null): string {
  if (label === null) return '—';
  return RATING_SCALE.find((step) => step.label === label)?.name ?? 'No equivalent';
}

/** Settings → Fact-checks (editors): import fact-checks published elsewhere, and map their ratings onto our scale. */
export default async function FactchecksSettingsPage() {
  const { actor, db } = await signedInPage('factcheck:map');
  const { mappings, queue, total } = loadFactcheckSettings(db, actor);
  return (
    <div className="factcheck-settings">
      <p className="eyebrow">
        <Link href="/settings">Settings</Link> / Fact-checks
      </p>
      <h1>Fact-checks by others</h1>
      <p className="lede">
        {total.toLocaleString('en')} fact-checks imported. Each publisher’s rating labels are mapped onto our scale by an editor, never
        guessed; a label waits under “Needs mapping” until someone maps it, and mapping it updates every fact-check that carries it.
      </p>
      <section aria-labelledby="upload-heading" className="panel factcheck-upload">
        <h2 id="upload-heading">Import a file</h2>
        <UploadForm />
      </section>
      <MappingStatus>
        <section aria-labelledby="queue-heading" className="panel">
          <h2 id="queue-heading">Needs mapping</h2>
          {queue.length === 0 ? (
            <p className="muted">Every imported rating label is mapped.</p>
          ) : (
            <table className="factcheck-table">
              <caption className="visually-hidden">Rating labels without a mapping, most common first</caption>
              <thead>
                <tr>
                  <th scope="col">Publisher</th>
                  <th scope="col">Label</th>
                  <th scope="col">Fact-checks</th>
                  <th scope="col">Examples</th>
                  <th scope="col">Map to</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((entry, index) => (
                  <tr key={`${entry.publisherKey}\u0000${entry.ratingKey}`}>
                    <td>{entry.publisherName}</td>
                    <td>
                      {entry.ratingText}
                      {entry.numeric ? (
                        <span className="muted">
                          {' '}
                          ({entry.numeric.ratingValue} on {entry.numeric.worstRating ?? 1}–{entry.numeric.bestRating})
                        </span>
                      ) : null}
                    </td>
                    <td>{entry.factchecks.toLocaleString('en')}</td>
                    <td>
                      <ul>
                        {entry.examples.map((example) => (
                          <li key={example.id}>
                            <a href={example.url} target="_blank" rel="noopener noreferrer">
                              {example.claimText.length > 120 ? `${example.claimText.slice(0, 119)}…` : example.claimText}
                            </a>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {entry.proposal ? <p className="muted">Proposed: {targetName(entry.proposal)}</p> : null}
                      <MappingForm
                        publisherKey={entry.publisherKey}
                        ratingKey={entry.ratingKey}
                        label={entry.proposal}
                        version={0}
                        idPrefix={`queue-${index}`}
                        caption={`Our rating for “${entry.ratingText}” (${entry.publisherName})`}
                        button={entry.proposal ? 'Confirm' : 'Map'}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section aria-labelledby="mappings-heading" className="panel">
          <h2 id="mappings-heading">Mappings</h2>
          {mappings.length === 0 ? (
            <p className="muted">No label is mapped yet.</p>
          ) : (
            <table className="factcheck-table">
              <caption className="visually-hidden">Each publisher’s labels and our rating for them</caption>
              <thead>
                <tr>
                  <th scope="col">Publisher</th>
                  <th scope="col">Label</th>
                  <th scope="col">Our rating</th>
                  <th scope="col">Fact-checks</th>
                  <th scope="col">Last changed</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {mappings.map((mapping) => (
                  <tr key={mapping.id}>
                    <td>{mapping.publisherKey}</td>
                    <td>{mapping.ratingKey}</td>
                    <td>{targetName(mapping.label)}</td>
                    <td>{mapping.factchecks.toLocaleString('en')}</td>
                    <td>
                      {mapping.updatedAt.slice(0, 10)}
                      {mapping.updatedByName ? ` by ${mapping.updatedByName}` : ''}
                    </td>
                    <td>
                      <MappingForm
                        publisherKey={mapping.publisherKey}
                        ratingKey={mapping.ratingKey}
                        label={mapping.label}
                        version={mapping.version}
                        idPrefix={`mapping-${mapping.id}`}
                        caption={`Our rating for “${mapping.ratingKey}” (${mapping.publisherKey})`}
                        button="Save"
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </MappingStatus>
    </div>
  );
}
