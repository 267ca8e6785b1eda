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
    const onHash = () =>
      void decodeLink(location.hash).then((link) => {
        if (link) store.getState().openLink(link);
      });
    window.addEventListener('hashchange', onHash);
    const keeper = keepSaving(store);
    return () => {
      window.removeEventListener('hashchange', onHash);
      keeper.stop();
    };
  }, [store]);
}
