import fs from 'node:fs';
import path from 'node:path';
import jsonld, { type Options } from 'jsonld';
import type { JsonLdDocument } from 'jsonld';
import type { JsonLdArray, RemoteDocument } from 'jsonld/jsonld-spec';

/** schema.org's own context, committed beside the tests (see tests/fixtures/README.md). */
const CONTEXT_FILE = path.join(import.meta.dirname, '..', 'fixtures', 'schemaorg-context.jsonld');
const SCHEMA_ORG_CONTEXT_URLS = new Set(['https://schema.org', 'https://schema.org/', 'http://schema.org', 'http://schema.org/']);

let cachedContext: { '@context': Record<string, unknown> } | undefined;

export function schemaOrgContext(): { '@context': Record<string, unknown> } {
  cachedContext ??= JSON.parse(fs.readFileSync(CONTEXT_FILE, 'utf8')) as { '@context': Record<string, unknown> };
  return cachedContext;
}

/** Every type and property schema.org defines: the context's terms that map into schema:. */
export function schemaOrgTerms(): Set<string> {
  const terms = Object.entries(schemaOrgContext()['@context']).filter(
    ([, definition]) =>
      typeof definition === 'object' &&
      definition !== null &&
      String((definition as { '@id'?: unknown })['@id']).startsWith('schema:'),
  );
  return new Set(terms.map(([term]) => term));
}

/**
 * A jsonld document loader that serves schema.org's context from the committed copy and throws
 * for any other URL, so no test reaches the network. `strict` drops the context's `@vocab`: with
 * it, any unknown name would still expand (to http://schema.org/unknownName), so only without it
 * does safe mode prove that every name is a term schema.org defines.
 */
export function schemaOrgDocumentLoader({ strict = false }: { strict?: boolean } = {}) {
  return async (url: string): Promise<RemoteDocument> => {
    if (!SCHEMA_ORG_CONTEXT_URLS.has(url)) throw new Error(`The test document loader refuses ${url}`);
    const { '@vocab': _vocab, ...terms } = schemaOrgContext()['@context'];
    const document = strict ? { '@context': terms } : schemaOrgContext();
    return { contextUrl: undefined, documentUrl: url, document: document as RemoteDocument['document'] };
  };
}

/** jsonld.expand in safe mode, which throws on anything it would otherwise drop or leave relative. */
export async function expandSafely(doc: unknown, { strict = false }: { strict?: boolean } = {}): Promise<JsonLdArray> {
  // @types/jsonld predates the `safe` option.
  const options: Options.Expand & { safe: boolean } = { documentLoader: schemaOrgDocumentLoader({ strict }), safe: true };
  return jsonld.expand(doc as JsonLdDocument, options);
}
