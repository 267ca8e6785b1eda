// Never lose a keystroke: a failed save says why, two tabs never overwrite each other silently,
// and a text whose load never finished is set aside, not simulated again.
import { describe, expect, it } from 'vitest';
import { loadSaved, onSave, save, TEXT_KEY, textSetAsideAtStart, type TextSaveOutcome } from '../../src/share/autosave.ts';
import { finishedLoading, lastLoadUnfinished, setAside, setAsideText, startLoading } from '../../src/share/safe-start.ts';
import { MAX_STORED_CHARS } from '../../src/share/storage.ts';
import { TabGuard, watchOtherTabs } from '../../src/share/tabs.ts';

/** Local storage with a quota in characters, as a browser's (which throws QuotaExceededError). */
class QuotaStorage implements Storage {
  private readonly items = new Map<string, string>();
  constructor(private readonly quota: number) {}
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    const used = [...this.items].reduce((n, [k, v]) => n + (k === key ? 0 : k.length + v.length), 0);
    if (used + key.length + value.length > this.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

describe('autosave', () => {
  it('says when a text is saved, when storage is full, and when there is none, to whoever listens', () => {
    const store = new QuotaStorage(1_000);
    const heard: TextSaveOutcome[] = [];
    const stop = onSave((outcome) => heard.push(outcome));
    expect(save('a: 1', store)).toBe('saved');
    expect(save('x'.repeat(2_000), store)).toBe('full');
    stop();
    expect(heard).toEqual(['saved', 'full']);
    // The older text is still there: the page must say so now, not after a reload.
    expect(loadSaved(store)).toBe('a: 1');
    expect(save('a: 2', undefined)).toBe('off');
    // Past what any browser holds, refused without trying (trying blocks the page).
    const roomy = Object.assign(new QuotaStorage(Infinity), {
      setItem() {
        throw new Error('tried to store it');
      },
    });
    expect(save('x'.repeat(MAX_STORED_CHARS), roomy)).toBe('full');
    const broken = Object.assign(new QuotaStorage(1_000), {
      setItem() {
        throw new Error('SecurityError');
      },
    });
    expect(save('a: 3', broken)).toBe('off');
  });
});

describe('two tabs', () => {
  it('holds its saves once the other tab saved a different text, until the visitor chooses', () => {
    const store = new QuotaStorage(10_000);
    const guard = new TabGuard(store);
    expect(save('mine 1', store)).toBe('saved');
    store.setItem(TEXT_KEY, 'theirs'); // the other tab saves
    expect(guard.otherSaved('theirs', 'mine 1')).toBe(true);
    expect(save('mine 2', store)).toBe('held');
    expect(store.getItem(TEXT_KEY)).toBe('theirs');
    expect(guard.keepMine('mine 2')).toBe('saved');
    expect(store.getItem(TEXT_KEY)).toBe('mine 2');
    expect(save('mine 3', store)).toBe('saved');
  });

  it('takes the other tab’s text when the visitor chooses it, and needs no choice for the same text', () => {
    const store = new QuotaStorage(10_000);
    const guard = new TabGuard(store);
    expect(guard.otherSaved('same', 'same')).toBe(false);
    expect(guard.otherSaved('theirs', 'mine')).toBe(true);
    expect(guard.waiting).toBe('theirs');
    expect(guard.takeTheirs()).toBe('theirs');
    expect(guard.waiting).toBeUndefined();
    expect(save('theirs, edited', store)).toBe('saved');
  });

  it('hears the saved text of other tabs only', () => {
    const target = new EventTarget();
    const heard: string[] = [];
    const stop = watchOtherTabs((t) => heard.push(t), target as unknown as Window);
    const event = (key: string | null, newValue: string | null) => Object.assign(new Event('storage'), { key, newValue });
    target.dispatchEvent(event(TEXT_KEY, 'theirs'));
    target.dispatchEvent(event('kube-netplay:lesson:v1', '{}'));
    target.dispatchEvent(event(TEXT_KEY, null));
    stop();
    target.dispatchEvent(event(TEXT_KEY, 'after'));
    expect(heard).toEqual(['theirs']);
  });
});

describe('safe start', () => {
  it('marks the saved text as loading when it is read at start-up, and sets it aside at the next start if the mark is still there', () => {
    const store = new QuotaStorage(10_000);
    save('heavy', store);
    expect(loadSaved(store)).toBe('heavy');
    expect(lastLoadUnfinished(store)).toBe(true);
    // The page froze: the next start finds the mark.
    expect(loadSaved(store)).toBeUndefined();
    expect(textSetAsideAtStart()).toBe('heavy');
    expect(setAsideText(store)).toBe('heavy');
    expect(lastLoadUnfinished(store)).toBe(false);
    // A start that finishes clears the mark: the one after opens the saved text.
    save('light', store);
    expect(loadSaved(store)).toBe('light');
    finishedLoading(store);
    expect(loadSaved(store)).toBe('light');
  });

  it('knows a load that never finished', () => {
    const store = new QuotaStorage(10_000);
    expect(lastLoadUnfinished(store)).toBe(false);
    startLoading(store);
    expect(lastLoadUnfinished(store)).toBe(true);
    finishedLoading(store);
    expect(lastLoadUnfinished(store)).toBe(false);
  });

  it('sets the saved text aside, so that editing the lab never overwrites it', () => {
    const store = new QuotaStorage(10_000);
    save('heavy', store);
    startLoading(store);
    expect(setAside(store)).toBe('heavy');
    expect(lastLoadUnfinished(store)).toBe(false);
    expect(setAsideText(store)).toBe('heavy');
    save('the lab, edited', store);
    expect(setAsideText(store)).toBe('heavy');
  });

  it('moves a text too large to copy beside itself', () => {
    const text = 'x'.repeat(6_000);
    const store = new QuotaStorage(10_000);
    save(text, store);
    expect(setAside(store)).toBe(text);
    expect(setAsideText(store)).toBe(text);
    expect(loadSaved(store)).toBeUndefined();
  });
});
