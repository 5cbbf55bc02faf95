import { curlCommand, obj, requestBody, responseExample, routeAccess, typeLabel, type Json, type Operation } from '@/lib/api/docs';
import { FieldsTable } from './fields-table';
import { CodeBlock, RichText } from './rich-text';

function Access({ op }: { op: Json }) {
  const { scopes, anonymous } = routeAccess(op);
  if (scopes.length === 0 && !anonymous) return null;
  const scopeList = scopes.map((scope, i) => (
    <span key={scope}>
      {i > 0 ? ' or ' : ''}
      <a href={`#scope-${scope.replace(/[^a-z0-9]+/gi, '-')}`}>
        <code>{scope}</code>
      </a>
    </span>
  ));
  return (
    <p className="access" data-access={anonymous ? 'public' : 'key'}>
      {anonymous ? (
        <>Public: answers without a key. With a key, it needs the scope {scopeList}.</>
      ) : (
        <>Needs an API key with the scope {scopeList}.</>
      )}
    </p>
  );
}

/** One route of the API: what it does, who may call it, its parameters, body, answers, an example and a curl command. */
export function OperationSection({ doc, operation, baseUrl }: { doc: Json; operation: Operation; baseUrl: string }) {
  const { method, path, op, anchor } = operation;
  const parameters = Array.isArray(op.parameters) ? op.parameters.map(obj) : [];
  const body = requestBody(op);
  const answer = responseExample(op);
  const route = `${method.toUpperCase()} ${path}`;
  return (
    <section aria-labelledby={anchor} className="panel endpoint" data-route={route}>
      <h3 id={anchor}>
        <span className={`method method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
      </h3>
      <p>
        <strong>{String(op.summary ?? '')}</strong>
      </p>
      {typeof op.description === 'string' ? (
        <p data-description>
          <RichText text={op.description} />
        </p>
      ) : null}
      <Access op={op} />
      {parameters.length > 0 ? (
        <>
          <h4>Parameters</h4>
          <div className="table-scroll" role="region" aria-label={`Parameters of ${route}`} tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">In</th>
                  <th scope="col">Type</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {parameters.map((p) => {
                  const schema = obj(p.schema);
                  const example = p.example ?? schema.example;
                  return (
                    <tr key={`${String(p.in)}-${String(p.name)}`} data-parameter={`${String(p.in)} ${String(p.name)}`} data-type={typeLabel(schema)}>
                      <th scope="row">
                        <code>{String(p.name)}</code>
                        {p.required ? <span className="muted"> (required)</span> : null}
                      </th>
                      <td>{String(p.in)}</td>
                      <td>
                        <code>{typeLabel(schema)}</code>
                      </td>
                      <td>
                        <RichText text={String(p.description ?? schema.description ?? '')} />
                        {schema.default !== undefined ? (
                          <>
                            {' '}
                            <span className="muted">Default: </span>
                            <code>{JSON.stringify(schema.default)}</code>
                          </>
                        ) : null}
                        {example !== undefined ? (
                          <>
                            {' '}
                            <span className="muted">Example: </span>
                            <code>{String(example)}</code>
                          </>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {body ? (
        <>
          <h4>Body</h4>
          <p>
            <code>application/json</code>, {typeLabel(body.schema)}:
          </p>
          <FieldsTable doc={doc} schema={body.schema} caption={`Body fields of ${route}`} expandRefs />
          {body.example !== undefined ? (
            <>
              <h5>Example body</h5>
              <CodeBlock label={`Example body of ${route}`} code={JSON.stringify(body.example, null, 2)} kind="request-example" />
            </>
          ) : null}
        </>
      ) : null}
      <h4>Responses</h4>
      <ul className="responses">
        {Object.entries(obj(op.responses)).map(([status, response]) => (
          <li key={status} data-status={status}>
            <code>{status}</code> <RichText text={String(obj(response).description ?? '')} />
          </li>
        ))}
      </ul>
      {answer ? (
        <>
          <h5>
            Example answer (<code>{answer.status}</code>, <code>{answer.type}</code>)
          </h5>
          <CodeBlock label={`Example answer of ${route}`} code={JSON.stringify(answer.example, null, 2)} kind="response-example" />
        </>
      ) : null}
      <h4>Try it</h4>
      <CodeBlock label={`curl command for ${route}`} code={curlCommand(baseUrl, operation)} kind="curl" />
    </section>
  );
}
