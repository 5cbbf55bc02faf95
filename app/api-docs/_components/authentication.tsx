import { obj, scopeTable, type Json } from '@/lib/api/docs';
import { CodeBlock, RichText } from './rich-text';

/**
 * How to authenticate: the header, every scope with what it allows and the routes it opens, how
 * keys are made, and the 401 and 403 a caller gets (the real problem+json bodies, passed in).
 */
export function Authentication({ doc, baseUrl, unauthorized, forbidden }: { doc: Json; baseUrl: string; unauthorized: object; forbidden: object }) {
  const scheme = obj(Object.values(obj(obj(doc.components).securitySchemes))[0]);
  const scopes = scopeTable(doc);
  return (
    <section aria-labelledby="authentication" className="panel">
      <h2 id="authentication">Authentication</h2>
      <p>
        Send an API key in the <code>Authorization</code> header of every request that needs one:
      </p>
      <CodeBlock label="The Authorization header" code="Authorization: Bearer cbk_…" kind="auth-header" />
      <p>
        <RichText text={String(scheme.description ?? '')} />{' '}
        Keys are managed at <a href="/settings/api-keys">Settings → API keys</a>; a key can be revoked there and stops working at its next
        request.
      </p>
      <h3 id="scopes">Scopes</h3>
      <div className="table-scroll" role="region" aria-label="Scopes" tabIndex={0}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Scope</th>
              <th scope="col">Allows</th>
              <th scope="col">Routes</th>
            </tr>
          </thead>
          <tbody>
            {scopes.map((row) => (
              <tr key={row.scope} id={`scope-${row.scope.replace(/[^a-z0-9]+/gi, '-')}`} data-scope={row.scope}>
                <th scope="row">
                  <code>{row.scope}</code>
                </th>
                <td>
                  <RichText text={row.description} />
                </td>
                <td>
                  <ul className="plain">
                    {row.routes.map((route) => (
                      <li key={route}>
                        <code>{route}</code>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>Reading published verdicts needs no key at all, for example:</p>
      <CodeBlock label="A public read without a key" code={`curl '${new URL('/api/v1/verdicts?limit=5', baseUrl).toString()}'`} kind="curl-public" />
      <h3 id="refusals">When the key is missing, wrong or too weak</h3>
      <p>
        <code>401</code>: no key where the route needs one, or a key that is malformed, unknown, expired, revoked or suspended. The answer
        carries <code>WWW-Authenticate: Bearer</code>:
      </p>
      <CodeBlock label="A 401 answer" code={JSON.stringify(unauthorized, null, 2)} kind="problem-401" />
      <p>
        <code>403</code>: the key is valid but lacks the scope the route needs. Ask an editor for a key with that scope:
      </p>
      <CodeBlock label="A 403 answer" code={JSON.stringify(forbidden, null, 2)} kind="problem-403" />
    </section>
  );
}
