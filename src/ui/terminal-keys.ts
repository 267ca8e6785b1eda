/**
 * The terminal's way out by keyboard. Tab is the shell's (completion), so, as in the editor,
 * Escape and then Tab moves the focus out of the terminal to the next control of the page, and
 * Escape and then Shift+Tab to the one before it. Escape itself still reaches the shell.
 */

/** What a keyboard user can reach with Tab (controls that take no part in it are left out). */
const TABBABLE = 'a[href], button, input, select, textarea, summary, [contenteditable="true"], [tabindex]:not([tabindex="-1"])';

function reachable(element: HTMLElement): boolean {
  return element.tabIndex >= 0 && !element.matches(':disabled') && element.getClientRects().length > 0;
}

/** Moves the focus to the page's next (or previous) reachable control outside `within`, round to the start (or end). */
export function focusOutOf(within: Element, backward: boolean): void {
  const outside = [...document.querySelectorAll<HTMLElement>(TABBABLE)].filter((e) => !within.contains(e) && reachable(e));
  if (outside.length === 0) return;
  const after = outside.filter((e) => within.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING && !e.contains(within));
  const before = outside.filter((e) => !after.includes(e));
  const target = backward ? (before.at(-1) ?? outside.at(-1)) : (after[0] ?? outside[0]);
  target?.focus();
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta']);

/**
 * A key handler for xterm's attachCustomKeyEventHandler: false for the Tab that leaves (so the
 * shell does not complete), true for every other key. `leave` is told the direction.
 */
export function escapeThenTab(leave: (backward: boolean) => void): (event: KeyboardEvent) => boolean {
  let escaped = false;
  return (event) => {
    if (event.type !== 'keydown' || MODIFIERS.has(event.key)) return true;
    const leaving = escaped && event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey;
    escaped = event.key === 'Escape';
    if (!leaving) return true;
    event.preventDefault();
    leave(event.shiftKey);
    return false;
  };
}
