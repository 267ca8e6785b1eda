// The terminal's way out: Tab completes unless Escape came just before it.
import { describe, expect, it } from 'vitest';
import { escapeThenTab } from '../../src/ui/terminal-keys.ts';

function press(handler: (e: KeyboardEvent) => boolean, key: string, shiftKey = false) {
  let prevented = false;
  const event = { type: 'keydown', key, shiftKey, ctrlKey: false, altKey: false, metaKey: false, preventDefault: () => (prevented = true) };
  return { passed: handler(event as unknown as KeyboardEvent), prevented };
}

describe('escapeThenTab', () => {
  it('leaves on Tab or Shift+Tab right after Escape (Shift pressed between does not count), and not on a plain Tab', () => {
    const left: boolean[] = [];
    const handler = escapeThenTab((backward) => left.push(backward));
    expect(press(handler, 'Tab').passed).toBe(true);
    expect(press(handler, 'Escape').passed).toBe(true);
    expect(press(handler, 'Tab')).toEqual({ passed: false, prevented: true });
    press(handler, 'Escape');
    press(handler, 'Shift', true);
    expect(press(handler, 'Tab', true).passed).toBe(false);
    expect(left).toEqual([false, true]);
  });
  it('forgets the Escape once another key comes, or once it has left', () => {
    const left: boolean[] = [];
    const handler = escapeThenTab((backward) => left.push(backward));
    press(handler, 'Escape');
    press(handler, 'g');
    expect(press(handler, 'Tab').passed).toBe(true);
    press(handler, 'Escape');
    press(handler, 'Tab');
    expect(press(handler, 'Tab').passed).toBe(true);
    expect(left).toEqual([false]);
  });
});
