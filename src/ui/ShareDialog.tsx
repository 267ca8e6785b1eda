/** The share dialog: the link to edit (copied at once), view-only and embed variants, and a QR code to project. */
import { useEffect, useRef, useState } from 'react';
import { words } from '../i18n/words.ts';
import { stepIdAt } from '../scenarios/index.ts';
import { encodeLink, type Shared } from '../share/link.ts';
import { qrSvg } from '../share/qr.ts';
import type { AppState, AppStore } from '../store/store.ts';
import { Dialog } from './Dialog.tsx';

export interface ShareLinks {
  readonly link: string;
  readonly viewOnly: string;
  readonly embed: string;
}

/** The links to what the page shows now: the text, the language, the flow at its hop ("step 7 of the ClusterIP walk"), the lesson step. */
export async function shareLinks(s: AppState, page: Pick<Location, 'origin' | 'pathname' | 'search'>): Promise<ShareLinks> {
  const base = `${page.origin}${page.pathname}${page.search}`;
  // A link names the step by its id: a step inserted later never retargets it.
  const step = s.lesson && stepIdAt(s.lesson.id, s.lesson.step);
  const payload: Shared = {
    text: s.text,
    language: s.language,
    ...(s.flow ? { flow: s.flow, hop: s.hop } : {}),
    ...(s.lesson && step !== undefined ? { lesson: { id: s.lesson.id, step } } : {}),
  };
  const viewOnly = await encodeLink({ ...payload, view: 'view' });
  return { link: base + (await encodeLink(payload)), viewOnly: base + viewOnly, embed: `${page.origin}${page.pathname}?embed${viewOnly}` };
}

export function ShareDialog({ store }: { store: AppStore }) {
  const t = words(store.getState().language).ui;
  const onClose = () => store.getState().setDialog(undefined);
  const [links, setLinks] = useState<ShareLinks>();
  const [qr, setQr] = useState<string>();
  const [copied, setCopied] = useState(false);
  // The QR code alone over the whole screen, for the back row of a classroom.
  const [qrFull, setQrFull] = useState(false);
  // Keyboard users land on the link, leave with Escape, and find their place again after.
  const linkInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    return () => opener?.focus();
  }, []);
  useEffect(() => {
    void shareLinks(store.getState(), location).then(setLinks);
  }, [store]);
  const link = links?.link;
  useEffect(() => {
    if (!link) return;
    linkInput.current?.focus();
    void qrSvg(link).then(setQr, () => setQr(undefined));
    navigator.clipboard?.writeText(link).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }, [link]);
  if (!links) return null;
  return (
    <Dialog title={t.share} onClose={onClose}>
      <label>
        {copied ? t.copied : t.editLink}
        <input ref={linkInput} readOnly value={links.link} aria-label={t.editLink} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <label>
        {t.viewOnlyLink}
        <input readOnly value={links.viewOnly} aria-label={t.viewOnlyLink} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <label>
        {t.embedLink}
        <input readOnly value={links.embed} aria-label={t.embedLink} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <p className="muted">
        {links.link.length.toLocaleString()} {t.characters}
      </p>
      {qr && <div className="qr" aria-label={t.qrCode} dangerouslySetInnerHTML={{ __html: qr }} />}
      {qr && (
        <button type="button" onClick={() => setQrFull(true)}>
          {t.qrFullScreen}
        </button>
      )}
      {qr && qrFull && (
        <div
          className="qr-full"
          role="dialog"
          aria-modal="true"
          aria-label={t.qrCode}
          tabIndex={-1}
          ref={(el) => el?.focus()}
          onClick={() => setQrFull(false)}
          onKeyDown={(e) => {
            // Escape closes the big code only, not the share dialog under it.
            if (e.key === 'Escape') {
              e.stopPropagation();
              setQrFull(false);
            }
          }}
        >
          <div className="qr-full-code" dangerouslySetInnerHTML={{ __html: qr }} />
        </div>
      )}
      <button type="button" onClick={onClose}>
        {t.dismiss}
      </button>
    </Dialog>
  );
}
