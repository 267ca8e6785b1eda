// `npm run check:licences`: the built site ships its packages to every visitor, so each package
// bundled into dist/ must carry a permissive licence. Which packages are bundled is read from
// dist's source maps (every source under node_modules/), each one's licence from its package.json
// `license` field (an SPDX expression). Exits 1, naming each package, if one is not permissive
// or has no licence; exits 1 too if dist/ has no source maps to read (run `npm run build` first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Licences that let anyone use, change and ship the code in a closed or open site, with a notice at most. */
export const PERMISSIVE = new Set<string>([
  'MIT',
  'MIT-0',
  'ISC',
  '0BSD',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  'Zlib',
  'Unlicense',
  'CC0-1.0',
  'BlueOak-1.0.0',
  'Python-2.0',
]);

/**
 * Whether an SPDX licence expression is permissive: `A OR B` when either is, `A AND B` when both
 * are; anything unknown, empty or custom ("SEE LICENSE IN ...", "GNU GPLv3") is not.
 */
export function isPermissive(expression: string | undefined): boolean {
  if (typeof expression !== 'string' || expression.trim() === '') return false;
  const text = expression.trim().replace(/^\((.*)\)$/, '$1');
  if (/\s+OR\s+/i.test(text)) return text.split(/\s+OR\s+/i).some((part) => isPermissive(part));
  if (/\s+AND\s+/i.test(text)) return text.split(/\s+AND\s+/i).every((part) => isPermissive(part));
  return PERMISSIVE.has(text);
}

/** `.../node_modules/@scope/pkg/dist/x.js` → the package's folder `.../node_modules/@scope/pkg`. */
export function packageDir(source: string): string | undefined {
  const at = source.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const parts = source.slice(at + 'node_modules/'.length).split('/');
  const name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  return source.slice(0, at + 'node_modules/'.length) + name;
}

/** The licence a package.json declares: `license`, or the old `licenses: [{ type }]` joined with OR. */
interface PackageJson {
  name?: string;
  version?: string;
  license?: string | { type?: string };
  licenses?: ({ type?: string } | string)[];
}

export function declaredLicence(pkg: PackageJson): string | undefined {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license && typeof pkg.license.type === 'string') return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => (typeof l === 'string' ? l : (l.type ?? '?'))).join(' OR ');
  return undefined;
}

function mapFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.map'))
    .map((d) => join(d.parentPath, d.name));
}

/** Every package bundled into `dist`: package folder → its name, licence and the map that named it. */
export interface BundledPackage {
  readonly name: string;
  readonly version: string;
  readonly licence: string | undefined;
  /** The source map that named it. */
  readonly map: string;
}

export function bundledPackages(dist: string): Map<string, BundledPackage> {
  const found = new Map<string, BundledPackage>();
  for (const map of mapFiles(dist)) {
    const { sources = [], sourceRoot = '' } = JSON.parse(readFileSync(map, 'utf8')) as { sources?: string[]; sourceRoot?: string };
    for (const source of sources) {
      const dir = packageDir(resolve(dirname(map), sourceRoot, source));
      if (!dir || found.has(dir)) continue;
      const file = join(dir, 'package.json');
      const pkg = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as PackageJson;
      found.set(dir, { name: pkg.name ?? dir, version: pkg.version ?? '?', licence: declaredLicence(pkg), map });
    }
  }
  return found;
}

function main(): void {
  const dist = join(ROOT, 'dist');
  if (!existsSync(dist) || mapFiles(dist).length === 0) {
    console.error('check-licences: dist/ has no source maps to read: run `npm run build` first.');
    process.exit(1);
  }
  const packages = [...bundledPackages(dist).values()].sort((a, b) => a.name.localeCompare(b.name));
  const bad = packages.filter((p) => !isPermissive(p.licence));
  for (const p of packages)
    console.log(`  ${isPermissive(p.licence) ? 'ok ' : 'NOT'}  ${p.name}@${p.version}  ${p.licence ?? '(no licence)'}`);
  if (bad.length > 0) {
    console.error(`\ncheck-licences: ${bad.length} bundled package(s) without a permissive licence:`);
    for (const p of bad)
      console.error(`  ${p.name}@${p.version}: ${p.licence ?? 'no licence declared'} (bundled, seen in ${p.map.slice(ROOT.length + 1)})`);
    process.exit(1);
  }
  console.log(`\ncheck-licences: ${packages.length} bundled packages, every one permissive.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
