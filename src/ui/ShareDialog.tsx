/** The share dialog: the link (copied at once), a view-only variant, and a QR code to project. */
import { useEffect, useRef, useState } from 'react';
import type { Language } from '../i18n/strings.ts';
import { STRINGS } from '../i18n/strings.ts';
import { qrSvg } from '../share/qr.ts';

interface Props {
  link: string;
  viewOnly: string;
  language: Language;
  onClose(): void;
}

export function ShareDialog({ link, viewOnly, language, onClose }: Props) {
  const t = STRINGS[language];
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
          {copied ? t.copied : t.share}
          <input ref={linkInput} readOnly value={link} aria-label="Link" onFocus={(e) => e.currentTarget.select()} />
        </label>
        <label>
          {language === 'zh' ? '只读链接' : 'view only'}
          <input readOnly value={viewOnly} aria-label="View-only link" onFocus={(e) => e.currentTarget.select()} />
        </label>
        <p className="muted">
          {link.length.toLocaleString()} {language === 'zh' ? '个字符' : 'characters'}
        </p>
        {qr && <div className="qr" aria-label="QR code of the link" dangerouslySetInnerHTML={{ __html: qr }} />}
        <button type="button" onClick={onClose}>
          OK
        </button>
      </div>
    </div>
  );
}
