// The licence check of the built site (scripts/check-licences.ts): which licences pass, and how
// a bundled source file is traced to its package.
import { describe, expect, it } from 'vitest';
import { declaredLicence, isPermissive, packageDir } from '../../scripts/check-licences.ts';

describe('isPermissive', () => {
  it('passes the permissive licences and SPDX expressions made of them', () => {
    for (const l of [
      'MIT',
      'ISC',
      'BSD-2-Clause',
      'BSD-3-Clause',
      'Apache-2.0',
      '0BSD',
      '(MIT OR Apache-2.0)',
      'MIT AND ISC',
      'GPL-3.0 OR MIT',
    ])
      expect(isPermissive(l), l).toBe(true);
  });
  it('fails copyleft, custom, unknown and missing licences', () => {
    for (const l of [
      'GPL-3.0',
      'GNU GPLv3',
      'AGPL-3.0-only',
      'LGPL-2.1',
      'MIT AND GPL-2.0',
      'SEE LICENSE IN LICENSE.md',
      'UNLICENSED',
      '',
      undefined,
    ])
      expect(isPermissive(l), String(l)).toBe(false);
  });
});

describe('packageDir', () => {
  it('finds the package of a source file, scoped or nested', () => {
    expect(packageDir('/a/node_modules/cytoscape/dist/cytoscape.esm.mjs')).toBe('/a/node_modules/cytoscape');
    expect(packageDir('/a/node_modules/@codemirror/view/dist/index.js')).toBe('/a/node_modules/@codemirror/view');
    expect(packageDir('/a/node_modules/x/node_modules/y/index.js')).toBe('/a/node_modules/x/node_modules/y');
    expect(packageDir('/a/src/ui/App.tsx')).toBeUndefined();
  });
});

describe('declaredLicence', () => {
  it('reads the license field and the old licenses list', () => {
    expect(declaredLicence({ license: 'MIT' })).toBe('MIT');
    expect(declaredLicence({ license: { type: 'ISC' } })).toBe('ISC');
    expect(declaredLicence({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] })).toBe('MIT OR Apache-2.0');
    expect(declaredLicence({})).toBeUndefined();
  });
});
