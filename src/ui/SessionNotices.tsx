/**
 * The session's questions and notices: a text that would replace the visitor's own (asked
 * first), what a replace took away (with Undo), and a link that could not be opened.
 */
import { words } from '../i18n/words.ts';
import { useApp, type AppStore } from '../store/store.ts';

export function SessionNotices({ store }: { store: AppStore }) {
  const language = useApp(store, (s) => s.language);
  const asking = useApp(store, (s) => s.asking);
  const undo = useApp(store, (s) => s.undo);
  const linkError = useApp(store, (s) => s.linkError);
  const t = words(language).ui;
  const s = store.getState();
  const title = asking?.kind === 'copy' ? t.copyTitle : t.replaceTitle;
  return (
    <>
      {linkError && (
        <div className="notice" role="alert">
          {words(language).say(linkError.message)} {t.linkKept}{' '}
          <button type="button" onClick={s.dismissLinkError}>
            {t.dismiss}
          </button>
        </div>
      )}
      {asking && (
        <div className="notice" role="alertdialog" aria-label={title}>
          {title}{' '}
          <button type="button" onClick={() => s.answer(true)}>
            {asking.kind === 'copy' ? t.copyReplace : t.replace}
          </button>{' '}
          <button type="button" onClick={() => s.answer(false)}>
            {asking.kind === 'copy' ? t.cancel : t.keep}
          </button>
        </div>
      )}
      {undo && !asking && (
        <div className="notice" role="status">
          {t.replaced}{' '}
          <button type="button" onClick={s.undoReplace}>
            {t.undo}
          </button>{' '}
          <button type="button" onClick={s.dismissUndo}>
            {t.dismiss}
          </button>
        </div>
      )}
    </>
  );
}
