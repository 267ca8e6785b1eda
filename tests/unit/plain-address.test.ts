// The address a page stands at once it is the visitor's own: the link and its view are gone, the rest stays.
import { describe, expect, it } from 'vitest';
import { plainAddress, viewByAddress } from '../../src/share/plain-address.ts';

const at = (href: string) => plainAddress(new URL(href));

describe('plainAddress', () => {
  it('drops the link in the fragment and keeps the sub-path', () => {
    expect(at('http://127.0.0.1:8080/kube-netplay/#v2:abc')).toBe('http://127.0.0.1:8080/kube-netplay/');
  });
  it('drops ?view and ?embed however written, and keeps every other parameter as written', () => {
    expect(at('https://x.test/p/?view#v2:abc')).toBe('https://x.test/p/');
    expect(at('https://x.test/p/?embed=1&lang=zh#v2:abc')).toBe('https://x.test/p/?lang=zh');
    expect(at('https://x.test/p/?a&view=&b=%20c#v2:abc')).toBe('https://x.test/p/?a&b=%20c');
  });
  it('does not mistake a parameter that only starts like one for it', () => {
    expect(at('https://x.test/?viewer=1&embedded')).toBe('https://x.test/?viewer=1&embedded');
  });
});

describe('viewByAddress', () => {
  it('reads ?embed and ?view (an embed first), and nothing else', () => {
    expect(viewByAddress('?view')).toBe('view');
    expect(viewByAddress('?lang=zh&embed')).toBe('embed');
    expect(viewByAddress('?view&embed')).toBe('embed');
    expect(viewByAddress('?viewer=1')).toBeUndefined();
    expect(viewByAddress('')).toBeUndefined();
  });
});
