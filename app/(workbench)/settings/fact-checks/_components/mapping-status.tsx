'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';

const Announce = createContext<(message: string | null) => void>(() => {});

/**
 * The page's one success note for mappings. A saved queue entry leaves the queue for the mapping
 * table, so its row (and the form in it) is gone by the time the page shows again: the note lives
 * here, above both tables, where it survives the refresh. The live region is always present, so a
 * screen reader hears each new message.
 */
export function MappingStatus({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Announce.Provider value={setMessage}>
      <div role="status" aria-live="polite" className="mapping-status">
        {message ? <p className="notice success">{message}</p> : null}
      </div>
      {children}
    </Announce.Provider>
  );
}

/** Shows a mapping's success message in the page's note (null clears it while the next save runs). */
export function useAnnounceMapping(): (message: string | null) => void {
  return useContext(Announce);
}
