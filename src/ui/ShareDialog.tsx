/** The share dialog: the link to edit (copied at once), view-only and embed variants, and a QR code to project. */
import { useEffect, useRef, useState } from 'react';
import { words, type Language } from '../i18n/words.ts';
import { qrSvg } from '../share/qr.ts';

export interface ShareLinks {
  readonly link: string;
  readonly viewOnly: string;
  readonly embed: string;
}

interface Props extends ShareLinks {
  language: Language;
  onClose(): void;
}

export function ShareDialog({ link, viewOnly, embed, language, onClose }: Props) {
  const t = words(language).ui;
  const [qr, setQr] = useState<string>();
  const [copied, setCopied] = useState(false);
  // Keyboard users land on the link, leave with Escape, and find their place again after.
  const linkInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    linkInput.current?.focus();
    return () => opener?.focus();
  }, []);
  useEffect(() => {
    void qrSvg(link).then(setQr, () => setQr(undefined));
    navigator.clipboard?.writeText(link).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }, [link]);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label={t.share}
        className="dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2>{t.share}</h2>
        <label>
          {copied ? t.copied : t.editLink}
          <input ref={linkInput} readOnly value={link} aria-label={t.editLink} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <label>
          {t.viewOnlyLink}
          <input readOnly value={viewOnly} aria-label={t.viewOnlyLink} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <label>
          {t.embedLink}
          <input readOnly value={embed} aria-label={t.embedLink} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <p className="muted">
          {link.length.toLocaleString()} {t.characters}
        </p>
        {qr && <div className="qr" aria-label={t.qrCode} dangerouslySetInnerHTML={{ __html: qr }} />}
        <button type="button" onClick={onClose}>
          {t.dismiss}
        </button>
      </div>
    </div>
  );
}
