/**
 * The session's ties to the page: a link pasted into the address bar of an open page is opened
 * (asking first over the visitor's own work), and the visitor's work is kept as they go.
 */
import { useEffect } from 'react';
import { decodeLink } from '../share/link.ts';
import { keepSaving } from '../store/persist.ts';
import type { AppStore } from '../store/store.ts';

export function useSession(store: AppStore): void {
  useEffect(() => {
    // Reading a large link and putting its text in the editor are each a task of their own, so
    // neither holds the page for the two together.
    const onHash = () =>
      void decodeLink(location.hash).then((link) => {
        if (link) setTimeout(() => store.getState().openLink(link), 0);
      });
    window.addEventListener('hashchange', onHash);
    const keeper = keepSaving(store);
    return () => {
      window.removeEventListener('hashchange', onHash);
      keeper.stop();
    };
  }, [store]);
}
