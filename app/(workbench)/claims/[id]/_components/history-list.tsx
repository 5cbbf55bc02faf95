'use client';

import { FormDisclosure } from './form-disclosure';

export interface HistoryEntry {
  id: number;
  /** ISO-8601 UTC. */
  at: string;
  /** `at` as people read it, formatted on the server. */
  when: string;
  text: string;
}

/**
 * "Every change to this claim": a long list on a busy claim that few open, so it is rendered when
 * opened, from the lines the page sends as data; without JavaScript the disclosure links to the page
 * with the list rendered (`?edit=history`).
 */
export function HistoryDisclosure({ lines }: { lines: HistoryEntry[] }) {
  return (
    <FormDisclosure summary={`Every change to this claim (${lines.length})`} className="disclosure" defaultOpen={false} deferred="history" deferredLink="Show every change">
      <ol className="history">
        {lines.map((line) => (
          <li key={line.id}>
            <time dateTime={line.at}>{line.when} UTC</time>
            <span>{line.text}</span>
          </li>
        ))}
      </ol>
    </FormDisclosure>
  );
}
