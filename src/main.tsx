import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_SCENARIO } from './scenarios/index.ts';
import { createAppStore } from './store/store.ts';
import { App } from './ui/App.tsx';
import { initialLesson, initialText } from './ui/useSession.ts';
import './ui/app.css';

// The visitor's own text if they have one (a shared link is read after the first paint); a
// view-only page or an embed starts from the default and never shows or saves the visitor's work.
const params = new URLSearchParams(location.search);
const readOnly = params.has('embed') || params.has('view');
const store = createAppStore((readOnly ? undefined : initialText()) ?? DEFAULT_SCENARIO.text);
const lesson = readOnly ? undefined : initialLesson();
if (lesson) store.getState().setLesson(lesson);
if (params.has('embed')) store.getState().setView('embed');
else if (params.has('view')) store.getState().setView('view');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);

// Offline: the service worker keeps the site's files once loaded (classroom Wi-Fi fails).
if (import.meta.env.PROD && 'serviceWorker' in navigator) void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
