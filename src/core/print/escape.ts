/**
 * Text from a scenario (names, labels, annotations, images) is printed to terminals: the web
 * terminal and the CLI's. A control character in it could clear the screen, move the cursor or
 * disguise a link, so every output boundary passes its text through `escapeControls` first, as
 * kubectl escapes terminal special characters. Newlines and tabs stay; a carriage return, which
 * can overwrite a line, stays only before a newline.
 */

/**
 * C0 controls but \t and \n, a carriage return but in a CRLF line end (HTTP headers end so),
 * DEL, C1 controls, and the bidirectional overrides and isolates.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL = /\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The text with each control character written as an escape: `\x1b`, `\r`, `\u202e`.
 * @example escapeControls('a\x1b[2Jb') === 'a\\x1b[2Jb'
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (ch) => {
    if (ch === '\r') return '\\r';
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** Whether the text holds a character `escapeControls` would escape. */
export function hasControls(text: string): boolean {
  return ANY_CONTROL.test(text);
}

const ANY_CONTROL = new RegExp(CONTROL.source);
