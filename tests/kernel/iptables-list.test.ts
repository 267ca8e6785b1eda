/**
 * `iptables -L` as the terminal prints it, beside the kernel's iptables in a network namespace:
 * the same rules give the same target column (a rule without -j, a counter, has a blank one).
 * The protocol column is left out: iptables 1.8.9 prints `0` where older releases, and the
 * terminal, print `all`.
 */
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { parseRule } from '../../src/core/netfilter/rule.ts';
import type { Table } from '../../src/core/netfilter/ruleset.ts';
import { iptablesList } from '../../src/core/print/iptables-list.ts';
import { kernelEnvironment, must } from './netns.ts';

const env = kernelEnvironment();
const ns = `knipt${process.pid.toString(36)}`;

const RULES = ['-A FORWARD -s 10.0.0.0/8', '-A FORWARD -p tcp -m tcp --dport 80', '-A FORWARD -d 10.1.0.0/16 -j ACCEPT'];

/** Each rule line of a listing without its protocol column. */
const withoutProtocol = (listing: string) =>
  listing
    .trimEnd()
    .split('\n')
    .map((l) => l.slice(0, 11) + l.slice(15));

describe('iptables -L beside the kernel', () => {
  beforeAll(async () => {
    if (!env.ok) return;
    await must('ip', ['netns', 'add', ns]);
    for (const rule of RULES) await must('ip', ['netns', 'exec', ns, 'iptables', ...rule.split(' ')]);
  });
  afterAll(async () => {
    if (env.ok) await must('ip', ['netns', 'delete', ns]);
  });

  it('a rule without -j has a blank target, as the kernel lists it', async (ctx: TestContext) => {
    if (!env.ok) {
      if (process.env.CI) throw new Error(`CI is set, so the kernel suite must run, but: ${env.reason}`);
      return ctx.skip(env.reason);
    }
    const kernel = await must('ip', ['netns', 'exec', ns, 'iptables', '-L', 'FORWARD', '-n']);
    const table: Table = {
      name: 'filter',
      chains: new Map([['FORWARD', { name: 'FORWARD', policy: 'ACCEPT', rules: RULES.map(parseRule) }]]),
    };
    const ours = iptablesList(table, { numeric: true });
    expect(withoutProtocol(ours)).toEqual(withoutProtocol(kernel));
    expect(kernel.split('\n')[2]).toMatch(/^ {11}/);
  });
});
