/** The "?" sheet: every keyboard shortcut and where it works, large enough to project. */
import { useEffect, useRef } from 'react';
import { words, type Language } from '../i18n/words.ts';
import { Dialog } from './Dialog.tsx';

export function ShortcutSheet({ language, onClose }: { language: Language; onClose(): void }) {
  const t = words(language).ui;
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  const rows: readonly (readonly [string, string])[] = [
    ['P', t.doPresenter],
    [t.keySpace, t.doPlayPause],
    ['Alt + → / Alt + ←', t.doStep],
    ['?', t.doSheet],
    [t.keyEscTab, t.doLeaveEditor],
    [t.keyEscTab, t.doLeaveTerminal],
  ];
  return (
    <Dialog title={t.shortcuts} className="shortcut-sheet" onClose={onClose} closeKeys={['Escape', '?']}>
      <table>
        <tbody>
          {rows.map(([key, what]) => (
            <tr key={what}>
              <th scope="row">
                <kbd>{key}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t.shortcutsWhere}</p>
      <button ref={close} type="button" onClick={onClose}>
        {t.close}
      </button>
    </Dialog>
  );
}
