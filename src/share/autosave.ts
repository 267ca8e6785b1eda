/** The visitor's text, kept in local storage so a reload or a closed tab loses nothing. */

const KEY = 'kube-netplay:text:v1';

export function loadSaved(): string | undefined {
  try {
    return localStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined; // storage off (private mode, an embed's sandbox): nothing to restore
  }
}

export function save(text: string): void {
  try {
    localStorage.setItem(KEY, text);
  } catch {
    // full or off: the text stays in the editor; nothing else to do
  }
}
