/**
 * One term per concept across the graph, the lessons, the inspector and the problems, in each
 * language, the book's own where it has one: the range cluster IPs come from is the "portal
 * network" (portal 网络), a service's endpoints are 后端 in Chinese. Every word the page can show
 * is looked at: each language's templates and interface words (a function's template literal is
 * read from its source) and every lesson's text.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';

/** Every string (and function source) in a value, with the path it was found at. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') return [[path, String(value)]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** The lessons' words in one language: the `en` or `zh` side of every translated text. */
function lessonWords(language: 'en' | 'zh'): [string, string][] {
  return strings(SCENARIOS).filter(([path]) => path.endsWith(`.${language}`));
}

const said = (language: 'en' | 'zh') => [...strings(LANGUAGES[language], language), ...lessonWords(language)];

describe('one term per concept', () => {
  it('English says "portal network" for the range cluster IPs come from, never "service range" nor a second form ("service portal network")', () => {
    expect(said('en').filter(([, s]) => /service range|service portal network/i.test(s))).toEqual([]);
    expect(said('en').some(([, s]) => /portal network/.test(s))).toBe(true);
  });

  it('Chinese says "portal 网络" for it, never 服务网段, a Service 网段/地址段 or "Service portal 网络"', () => {
    expect(said('zh').filter(([, s]) => /服务网段|Service ?(网段|地址段|portal)/.test(s))).toEqual([]);
    expect(said('zh').some(([, s]) => /portal 网络/.test(s))).toBe(true);
  });

  it("Chinese calls a service's endpoints 后端, never 端点 (a VXLAN tunnel's endpoint is another concept)", () => {
    expect(said('zh').filter(([, s]) => /(?<!隧道)端点/.test(s))).toEqual([]);
    expect(said('zh').some(([, s]) => /后端/.test(s))).toBe(true);
  });
});
