import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_SCENARIO } from './scenarios/index.ts';
import { decodeLink, isLinkError } from './share/link.ts';
import { viewByAddress } from './share/plain-address.ts';
import { savedText, savedWork } from './store/persist.ts';
import { createAppStore } from './store/store.ts';
import { App } from './ui/App.tsx';
import './ui/app.css';

/**
 * The page's start. The link in the address is read first, because it decides whose work the page
 * shows: a view-only page or an embed (by `?view`/`?embed` or by the link) shows the link's
 * scenario and never reads or saves the visitor's own; an editing page starts from the visitor's
 * saved work, and a link over it asks before replacing it.
 */
async function start(): Promise<void> {
  const byAddress = viewByAddress(location.search);
  // The link as read now; one pasted in before the page listens for changes is opened then.
  const openedHash = location.hash;
  const link = await decodeLink(openedHash);
  const shared = link && !isLinkError(link) ? link : undefined;
  const view = byAddress ?? shared?.view ?? 'edit';
  const own = view === 'edit' ? savedWork() : {};
  const store = createAppStore(own.text ?? shared?.text ?? DEFAULT_SCENARIO.text, {
    view,
    savedText,
    ...(own.lesson ? { lesson: own.lesson } : {}),
  });
  if (link) store.getState().openLink(link);

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App store={store} openedHash={openedHash} />
    </StrictMode>,
  );
}

void start();

// Offline: the service worker keeps the site's files once loaded (classroom Wi-Fi fails).
if (import.meta.env.PROD && 'serviceWorker' in navigator) void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
