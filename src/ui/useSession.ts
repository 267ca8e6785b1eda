/**
 * The session's ties to the page: a link pasted into the address bar of an open page is opened
 * (asking first over the visitor's own work), the visitor's work is kept as they go, and a page
 * that becomes their own ("Edit a copy") leaves the shared link's address.
 */
import { useEffect, useRef } from 'react';
import { decodeLink } from '../share/link.ts';
import { plainAddress } from '../share/plain-address.ts';
import { keepSaving } from '../store/persist.ts';
import type { AppStore } from '../store/store.ts';

/** `openedHash`: the link the page started with; another one in the address by now came while it started. */
export function useSession(store: AppStore, openedHash: string): void {
  const read = useRef(openedHash);
  useEffect(() => {
    // Reading a large link and putting its text in the editor are each a task of their own, so
    // neither holds the page for the two together.
    const onHash = () => {
      read.current = location.hash;
      void decodeLink(location.hash).then((link) => {
        if (link) setTimeout(() => store.getState().openLink(link), 0);
      });
    };
    window.addEventListener('hashchange', onHash);
    // A link pasted while the page was starting (after it read the address, before this listened).
    if (location.hash !== read.current) onHash();
    const keeper = keepSaving(store);
    // Once the copy is made, a reload must open the visitor's saved copy, not the view-only link.
    const leaveLink = store.subscribe((s, prev) => {
      if (s.view !== 'edit' || prev.view === 'edit') return;
      history.replaceState(history.state, '', plainAddress(location));
      read.current = location.hash;
    });
    return () => {
      window.removeEventListener('hashchange', onHash);
      leaveLink();
      keeper.stop();
    };
  }, [store]);
}
