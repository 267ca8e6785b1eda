/** A field path inside one document, written as kubectl writes it: `spec.ports[0].targetPort`. */
export type Path = readonly (string | number)[];

export function pathText(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
