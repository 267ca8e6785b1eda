/**
 * iptables rules as data: `parseRule` on real iptables-save lines (fidelity.md §1, §2, §4, §5),
 * `tokenize` and `quote` (xtables_save_string), and `iptablesSave` (built-in chains first with
 * their policies, user chains by name, rule text unchanged) with its round trip.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import { parseRule, quote, tokenize, type Match, type TableName } from '../../src/core/netfilter/rule.ts';
import { printRule } from '../../src/core/netfilter/rule-print.ts';
import { iptablesSave, RulesetBuilder, type Ruleset } from '../../src/core/netfilter/ruleset.ts';
import { fixture, LAB_TEXT } from '../helpers.ts';

/** `a.b.c.d/len` as the parser stores it, computed here independently of src/core/net. */
function cidr(text: string): { base: number; prefix: number } {
  const [ip, len] = text.split('/');
  const octets = ip!.split('.').map(Number);
  const value = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  const prefix = Number(len ?? 32);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (value & mask) >>> 0, prefix };
}

describe('parseRule on kube-proxy iptables-mode lines (fidelity §1.4, §1.5, §1.8)', () => {
  it('reads the KUBE-SERVICES masquerade rule of a real capture (issue #47533)', () => {
    const line =
      '-A KUBE-SERVICES ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ';
    const r = parseRule(line);
    expect(r.chain).toBe('KUBE-SERVICES');
    expect(r.matches).toEqual<Match[]>([
      { m: 'src', cidr: cidr('10.244.0.0/16'), not: true },
      { m: 'dst', cidr: cidr('10.96.0.1/32'), not: false },
      { m: 'proto', proto: 'tcp', not: false },
      { m: 'comment', text: 'default/kubernetes:https cluster IP' },
      { m: 'dport', ports: [{ from: 443, to: 443 }], not: false },
    ]);
    expect(r.target).toEqual({ t: 'jump', chain: 'KUBE-MARK-MASQ' });
    expect(r.comment).toBe('default/kubernetes:https cluster IP');
    expect(r.text).toBe(line);
  });

  it('reads a bare (unquoted) comment and the nodeports rule with addrtype', () => {
    const r = parseRule('-A KUBE-SEP-3JOIVZTXZZRGORX4 -s 10.0.1.1/32 -m comment --comment ns1/svc1 -j KUBE-MARK-MASQ');
    expect(r.comment).toBe('ns1/svc1');
    expect(r.matches[0]).toEqual({ m: 'src', cidr: cidr('10.0.1.1/32'), not: false });
    const np = parseRule(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    );
    expect(np.comment).toBe('kubernetes service nodeports; NOTE: this must be the last rule in this chain');
    expect(np.matches).toContainEqual({ m: 'addrtype', which: 'dst', type: 'LOCAL', not: false });
    expect(np.target).toEqual({ t: 'jump', chain: 'KUBE-NODEPORTS' });
  });

  it('reads the statistic match with the probability iptables-save prints', () => {
    const a = parseRule(
      '-A KUBE-SVC-RCFZYSCVQORLOLVD -m comment --comment "default/memory-service:" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-C6EBXVWJJZMIWKLZ',
    );
    expect(a.matches).toEqual([
      { m: 'comment', text: 'default/memory-service:' },
      { m: 'statistic', probability: 0.5 },
    ]);
    expect(a.target).toEqual({ t: 'jump', chain: 'KUBE-SEP-C6EBXVWJJZMIWKLZ' });
    const b = parseRule(
      '-A KUBE-SVC-X -m comment --comment "default/nginx:" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-Y',
    );
    expect(b.matches).toContainEqual({ m: 'statistic', probability: 0.33333333349 });
    // kube-proxy only uses the random mode; anything else is not ours.
    expect(() => parseRule('-A X -m statistic --mode nth --every 2 --packet 0 -j ACCEPT')).toThrow();
  });

  it('reads session affinity: recent --rcheck in the SVC chain and recent --set on the DNAT rule', () => {
    const check = parseRule(
      '-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-6FZLAPUAJM6OKK6A --mask 255.255.255.255 --rsource -j KUBE-SEP-6FZLAPUAJM6OKK6A',
    );
    expect(check.matches).toEqual([
      { m: 'comment', text: 'default/kubernetes:https' },
      { m: 'recent', mode: 'rcheck', name: 'KUBE-SEP-6FZLAPUAJM6OKK6A', seconds: 10800, reap: true, source: true },
    ]);
    expect(check.target).toEqual({ t: 'jump', chain: 'KUBE-SEP-6FZLAPUAJM6OKK6A' });

    const set = parseRule(
      '-A KUBE-SEP-6FZLAPUAJM6OKK6A -p tcp -m comment --comment "default/kubernetes:https" -m recent --set --name KUBE-SEP-6FZLAPUAJM6OKK6A --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.0.0.1:6443',
    );
    expect(set.matches).toContainEqual({ m: 'proto', proto: 'tcp', not: false });
    expect(set.matches).toContainEqual({ m: 'recent', mode: 'set', name: 'KUBE-SEP-6FZLAPUAJM6OKK6A', source: true });
    expect(set.matches.filter((m) => m.m === 'dport')).toEqual([]); // a bare `-m tcp` matches every port
    expect(set.target).toEqual({ t: 'DNAT', ip: '10.0.0.1', port: 6443 });
  });

  it('reads MARK --set-xmark (the saved form of --or-mark and --xor-mark) and the mark match', () => {
    expect(parseRule('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000').target).toEqual({ t: 'MARK', value: 0x4000, mask: 0x4000 });
    expect(parseRule('-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0').target).toEqual({ t: 'MARK', value: 0x4000, mask: 0 });
    expect(parseRule('-A KUBE-MARK-DROP -j MARK --set-xmark 0x8000/0x8000').target).toEqual({ t: 'MARK', value: 0x8000, mask: 0x8000 });
    const masq = parseRule(
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x4000/0x4000 -j MASQUERADE',
    );
    expect(masq.matches).toContainEqual({ m: 'mark', value: 0x4000, mask: 0x4000, not: false });
    expect(masq.target).toEqual({ t: 'MASQUERADE', randomFully: false });
    const ret = parseRule('-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN');
    expect(ret.matches).toEqual([{ m: 'mark', value: 0x4000, mask: 0x4000, not: true }]);
    expect(ret.target).toEqual({ t: 'RETURN' });
    expect(
      parseRule('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully').target,
    ).toEqual({
      t: 'MASQUERADE',
      randomFully: true,
    });
  });

  it('reads the filter REJECT for a service without endpoints', () => {
    const r = parseRule(
      '-A KUBE-SERVICES -d 10.254.227.190/32 -p tcp -m comment --comment "default/nobody:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    );
    expect(r.comment).toBe('default/nobody:http has no endpoints');
    expect(r.target).toEqual({ t: 'REJECT', with: 'icmp-port-unreachable' });
    expect(r.matches).toContainEqual({ m: 'dst', cidr: cidr('10.254.227.190/32'), not: false });
  });

  it('reads physdev and addrtype negations (the legacy externalIPs rule)', () => {
    const r = parseRule(
      '-A KUBE-SERVICES -d 1.2.3.4/32 -p tcp -m comment --comment "ns1/svc1:p80 external IP" -m tcp --dport 80 -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j KUBE-SVC-XPGD46QRK7WJZT7O',
    );
    expect(r.matches).toContainEqual({ m: 'physdev', flag: 'in', not: true });
    expect(r.matches).toContainEqual({ m: 'addrtype', which: 'src', type: 'LOCAL', not: true });
    expect(r.matches).toContainEqual({ m: 'dport', ports: [{ from: 80, to: 80 }], not: false });
  });

  it('reads the ipvs-mode ipset matches with their direction flags', () => {
    const a = parseRule(
      '-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
    );
    expect(a.matches).toContainEqual({ m: 'set', name: 'KUBE-CLUSTER-IP', flags: ['dst', 'dst'], not: false });
    expect(a.matches).toContainEqual({ m: 'src', cidr: cidr('10.244.0.0/16'), not: true });
    const b = parseRule(
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    );
    expect(b.matches).toContainEqual({ m: 'set', name: 'KUBE-LOOP-BACK', flags: ['dst', 'dst', 'src'], not: false });
    const c = parseRule(
      '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ',
    );
    expect(c.matches).toContainEqual({ m: 'set', name: 'KUBE-NODE-PORT-TCP', flags: ['dst'], not: false });
  });
});

describe('parseRule on userspace-mode, Docker and CNI lines (fidelity §2, §4, §5, §6)', () => {
  it('reads the portal REDIRECT and DNAT of the textbook capture', () => {
    const redirect = parseRule(
      '-A KUBE-PORTALS-CONTAINER -d 20.1.244.75/32 -p tcp -m comment --comment "default/frontend:" -m tcp --dport 80 -j REDIRECT --to-ports 59528',
    );
    expect(redirect.chain).toBe('KUBE-PORTALS-CONTAINER');
    expect(redirect.target).toEqual({ t: 'REDIRECT', port: 59528 });
    expect(redirect.comment).toBe('default/frontend:');
    const dnat = parseRule(
      '-A KUBE-PORTALS-HOST -d 20.1.0.1/32 -p tcp -m comment --comment "default/kubernetes:" -m tcp --dport 443 -j DNAT --to-destination 192.168.1.131:60339',
    );
    expect(dnat.target).toEqual({ t: 'DNAT', ip: '192.168.1.131', port: 60339 });
    expect(dnat.matches).toContainEqual({ m: 'dport', ports: [{ from: 443, to: 443 }], not: false });
    const nodeport = parseRule(
      '-A KUBE-NODEPORT-CONTAINER -p tcp -m comment --comment "default/ssh-service1:" -m tcp --dport 30239 -j REDIRECT --to-ports 36463',
    );
    expect(nodeport.target).toEqual({ t: 'REDIRECT', port: 36463 });
    const jump = parseRule(
      '-A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-CONTAINER',
    );
    expect(jump.comment).toBe('handle service NodePorts; NOTE: this must be the last rule in the chain');
  });

  it("reads Docker's nat rules: `! -d 127.0.0.0/8`, `! -o docker0`, `! -i docker0` DNAT", () => {
    const out = parseRule('-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER');
    expect(out.matches).toEqual([
      { m: 'dst', cidr: cidr('127.0.0.0/8'), not: true },
      { m: 'addrtype', which: 'dst', type: 'LOCAL', not: false },
    ]);
    const masq = parseRule('-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    expect(masq.matches).toEqual([
      { m: 'src', cidr: cidr('172.17.0.0/16'), not: false },
      { m: 'out', iface: 'docker0', not: true },
    ]);
    const dnat = parseRule('-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80');
    expect(dnat.matches).toEqual([
      { m: 'in', iface: 'docker0', not: true },
      { m: 'proto', proto: 'tcp', not: false },
      { m: 'dport', ports: [{ from: 8080, to: 8080 }], not: false },
    ]);
    expect(dnat.target).toEqual({ t: 'DNAT', ip: '172.17.0.2', port: 80 });
    expect(parseRule('-A DOCKER -i docker0 -j RETURN').matches).toEqual([{ m: 'in', iface: 'docker0', not: false }]);
  });

  it("reads Docker's filter rules: conntrack states, in/out interfaces", () => {
    const ct = parseRule('-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    expect(ct.matches).toEqual([
      { m: 'out', iface: 'docker0', not: false },
      { m: 'conntrack', states: ['RELATED', 'ESTABLISHED'], not: false },
    ]);
    expect(ct.target).toEqual({ t: 'ACCEPT' });
    const both = parseRule('-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT');
    expect(both.matches.slice(0, 3)).toEqual([
      { m: 'dst', cidr: cidr('172.17.0.2/32'), not: false },
      { m: 'in', iface: 'docker0', not: true },
      { m: 'out', iface: 'docker0', not: false },
    ]);
    // The old state match is the same thing for the tracer.
    expect(parseRule('-A KUBE-NODEPORT-NON-LOCAL -p tcp -m state --state NEW -m tcp --dport 36463 -j ACCEPT').matches).toContainEqual({
      m: 'conntrack',
      states: ['NEW'],
      not: false,
    });
  });

  it('reads a CNI portmap comment with escaped quotes, multiport lists and port ranges', () => {
    const r = parseRule(
      '-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"cbr0\\" id: \\"abc123\\"" -m multiport --dports 8080,8081 -j CNI-DN-bfd599665540dd91d5d28',
    );
    expect(r.comment).toBe('dnat name: "cbr0" id: "abc123"');
    expect(r.matches).toContainEqual({
      m: 'dport',
      ports: [
        { from: 8080, to: 8080 },
        { from: 8081, to: 8081 },
      ],
      not: false,
    });
    expect(parseRule('-A X -p udp -m udp --dport 30000:30002 -j ACCEPT').matches).toContainEqual({
      m: 'dport',
      ports: [{ from: 30000, to: 30002 }],
      not: false,
    });
    expect(parseRule('-A X -p tcp -m tcp ! --sport 53 -j ACCEPT').matches).toContainEqual({
      m: 'sport',
      ports: [{ from: 53, to: 53 }],
      not: true,
    });
  });
});

describe('parseRule refuses what it does not know', () => {
  it.each([
    ['an unknown match option', '-A X -p tcp --tcp-flags SYN,ACK SYN -j ACCEPT'],
    ['an unknown bare option', '-A X --frobnicate -j ACCEPT'],
    ['an insert instead of an append', '-I X -j ACCEPT'],
    ['a rule with no chain', '-A'],
    ['an unterminated quote', '-A X -m comment --comment "oops -j ACCEPT'],
    ['a bad address', '-A X -s 10.0.0.300/32 -j ACCEPT'],
    ['a bad port', '-A X -p tcp -m tcp --dport http -j ACCEPT'],
    ['a recent match without a mode', '-A X -m recent --name FOO --rsource -j ACCEPT'],
    ['a REDIRECT without a port', '-A X -j REDIRECT'],
    ['a REDIRECT to a port range', '-A X -j REDIRECT --to-ports 30000-30010'],
  ])('throws on %s', (_what, line) => {
    expect(() => parseRule(line)).toThrow();
  });

  it('reads a rule without a target as one that only counts, and prints it back without -j', () => {
    const rule = parseRule('-A KUBE-FW-X -m comment --comment "other traffic to ns/svc:p80 will be dropped by KUBE-PROXY-FIREWALL"');
    expect(rule.target).toEqual({ t: 'none' });
    expect(printRule(rule)).toBe(rule.text);
  });

  it('throws on a target option it does not know, instead of ignoring it (-j ACCEPT --bogus)', () => {
    expect(() => parseRule('-A X -j ACCEPT --bogus')).toThrow();
  });

  it('reads MARK --or-mark / --set-mark (restore-input forms) as what they mean, never as "set the mark to 0"', () => {
    // iptables-save prints --or-mark X as --set-xmark X/X and --set-mark X as --set-xmark X/0xffffffff
    // (fidelity §1.8, libxt_MARK). An earlier parser ignored both and returned { value: 0, mask:
    // 0xffffffff }: a rule that clears the mark.
    const cases: [string, { value: number; mask: number }][] = [
      ['-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000', { value: 0x4000, mask: 0x4000 }],
      ['-A KUBE-MARK-MASQ -j MARK --set-mark 0x4000', { value: 0x4000, mask: 0xffffffff }],
    ];
    for (const [line, meant] of cases) {
      let target;
      try {
        target = parseRule(line).target;
      } catch {
        continue; // refusing it is fine
      }
      expect(target, line).toEqual({ t: 'MARK', ...meant });
    }
  });

  it('found: reads MARK --set-mark value/mask as libxt_MARK does: mask = value | mask (set-mark ORs the value in)', () => {
    // libxt_MARK mark_tg_parse, O_SET_MARK: info->mark = value; info->mask = value | mask. The kernel
    // then computes (mark & ~mask) ^ value, which equals (mark & ~mask) | value only if the value's
    // bits are in the mask. Read as { value, mask }, --set-mark 0x4000/0x0 would XOR: a packet
    // already marked 0x4000 would lose its mark instead of keeping it.
    expect(parseRule('-A X -j MARK --set-mark 0x4000/0x0').target).toEqual({ t: 'MARK', value: 0x4000, mask: 0x4000 });
    expect(parseRule('-A X -j MARK --set-mark 0x1/0x2').target).toEqual({ t: 'MARK', value: 0x1, mask: 0x3 });
  });

  it('throws on DNAT without --to-destination (not a DNAT to the empty address)', () => {
    expect(() => parseRule('-A X -p tcp -j DNAT')).toThrow();
  });

  it('throws on a match module it does not know (-m foo)', () => {
    expect(() => parseRule('-A X -m foo -j ACCEPT')).toThrow();
  });
});

describe('tokenize', () => {
  it('splits on spaces and tabs, groups double quotes, and unescapes backslashes', () => {
    expect(tokenize('-A  X\t-j ACCEPT')).toEqual(['-A', 'X', '-j', 'ACCEPT']);
    expect(tokenize('--comment "a b: c" -j X')).toEqual(['--comment', 'a b: c', '-j', 'X']);
    expect(tokenize('a"b c"d')).toEqual(['ab cd']);
    expect(tokenize('"say \\"hi\\"" x')).toEqual(['say "hi"', 'x']);
    expect(tokenize('a\\ b')).toEqual(['a b']);
    expect(tokenize('"it\\\'s" "back\\\\slash"')).toEqual(["it's", 'back\\slash']);
    expect(tokenize('x "" y')).toEqual(['x', '', 'y']);
    expect(tokenize('   ')).toEqual([]);
  });

  it('throws on an unterminated quote', () => {
    expect(() => tokenize('--comment "abc')).toThrow(/unterminated/);
  });
});

describe('quote (xtables_save_string)', () => {
  it('leaves [A-Za-z0-9_-] bare and double-quotes anything else, escaping " \\ and \'', () => {
    expect(quote('KUBE-SEP-6FZLAPUAJM6OKK6A')).toBe('KUBE-SEP-6FZLAPUAJM6OKK6A');
    expect(quote('ns1/svc1')).toBe('"ns1/svc1"');
    expect(quote('ns1/svc1:p80')).toBe('"ns1/svc1:p80"');
    expect(quote('default/frontend: cluster IP')).toBe('"default/frontend: cluster IP"');
    expect(quote('name: "mynet"')).toBe('"name: \\"mynet\\""');
    expect(quote("it's")).toBe('"it\\\'s"');
    expect(quote('a\\b')).toBe('"a\\\\b"');
    expect(quote('')).toBe('""');
  });

  it('is undone by tokenize for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(tokenize(quote(s))).toEqual([s]);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips any comment through parseRule, keeping the line as written', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const line = `-A KUBE-SVC-X -m comment --comment ${quote(s)} -j KUBE-SEP-Y`;
        const r = parseRule(line);
        expect(r.comment).toBe(s);
        expect(r.text).toBe(line);
      }),
      { numRuns: 200 },
    );
  });
});

/** Reads iptables-save text back as iptables-restore would. */
function restore(text: string): Ruleset {
  const b = new RulesetBuilder();
  let table: TableName | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = b.table(line.slice(1) as TableName).name;
    else if (line.startsWith(':')) {
      const [name, policy] = line.slice(1).split(' ');
      if (policy === '-') b.chain(table!, name!);
      else b.policy(table!, name!, policy as 'ACCEPT' | 'DROP');
    } else if (line.startsWith('-A ')) b.add(table!, line);
  }
  return b.build();
}

/** One table's block of iptables-save text, from `*name` to `COMMIT`. */
function block(text: string, table: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`*${table}`);
  if (start < 0) return [];
  return lines.slice(start, lines.indexOf('COMMIT', start) + 1);
}

describe('iptablesSave', () => {
  const STAMP = 'Thu Sep 24 17:15:01 2015';
  const b = new RulesetBuilder();
  b.table('filter');
  b.table('nat');
  b.add('nat', '-A ZZ-LAST -j RETURN');
  b.add('nat', '-A POSTROUTING -s 172.17.1.0/24 ! -d 172.17.0.0/16 -j MASQUERADE');
  b.add('nat', '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER');
  b.add('nat', '-A DOCKER -i docker0 -j RETURN');
  b.chain('nat', 'KUBE-EMPTY');
  b.add('nat', '-A A-FIRST -m comment --comment "first: by name" -j RETURN');
  b.prepend('nat', '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  b.add(
    'nat',
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  b.chain('nat', 'KUBE-NODEPORTS');
  b.policy('filter', 'FORWARD', 'DROP');
  b.add('filter', '-A FORWARD -o docker0 -j DOCKER', '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  b.chain('filter', 'DOCKER');
  const rules = b.build();
  const text = iptablesSave(rules, undefined, STAMP);

  it('prints each table: header, built-in chains with policies, user chains by name, rules, COMMIT', () => {
    expect(block(text, 'nat')).toEqual([
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':A-FIRST - [0:0]',
      ':DOCKER - [0:0]',
      ':KUBE-EMPTY - [0:0]',
      ':KUBE-NODEPORTS - [0:0]',
      ':KUBE-SERVICES - [0:0]',
      ':ZZ-LAST - [0:0]',
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
      '-A POSTROUTING -s 172.17.1.0/24 ! -d 172.17.0.0/16 -j MASQUERADE',
      '-A A-FIRST -m comment --comment "first: by name" -j RETURN',
      '-A DOCKER -i docker0 -j RETURN',
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      '-A ZZ-LAST -j RETURN',
      'COMMIT',
    ]);
    expect(block(text, 'filter')).toEqual([
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD DROP [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':DOCKER - [0:0]',
      '-A FORWARD -o docker0 -j DOCKER',
      '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      'COMMIT',
    ]);
  });

  it('frames each table with the generated/completed comments and ends with a newline', () => {
    const lines = text.split('\n');
    expect(lines.filter((l) => l === `# Generated by iptables-save v1.8.9 on ${STAMP}`)).toHaveLength(2);
    expect(lines.filter((l) => l === `# Completed on ${STAMP}`)).toHaveLength(2);
    for (const t of ['nat', 'filter']) {
      const at = lines.indexOf(`*${t}`);
      expect(lines[at - 1]).toBe(`# Generated by iptables-save v1.8.9 on ${STAMP}`);
      expect(lines[lines.indexOf('COMMIT', at) + 1]).toBe(`# Completed on ${STAMP}`);
    }
    expect(text.endsWith('COMMIT\n# Completed on Thu Sep 24 17:15:01 2015\n')).toBe(true);
  });

  it('prints one table with -t', () => {
    const nat = iptablesSave(rules, 'nat', STAMP);
    expect(nat).toContain('*nat');
    expect(nat).not.toContain('*filter');
    expect(block(nat, 'nat')).toEqual(block(text, 'nat'));
  });

  it('keeps rule text exactly as parsed', () => {
    for (const table of rules.values())
      for (const chain of table.chains.values()) for (const r of chain.rules) expect(text.split('\n')).toContain(r.text);
  });

  it('round-trips: what it prints, restored, prints the same', () => {
    expect(iptablesSave(restore(text), undefined, STAMP)).toBe(text);
  });

  it('lists user chains in byte order after the built-in ones, whatever the insertion order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[A-Z][A-Z0-9-]{0,12}$/), { minLength: 1, maxLength: 8 }), (names) => {
        const rb = new RulesetBuilder();
        const users = names.filter((n) => !['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'].includes(n));
        for (const n of users) rb.add('nat', `-A ${n} -j RETURN`);
        const out = block(iptablesSave(rb.build(), 'nat'), 'nat');
        const declared = out.filter((l) => l.startsWith(':')).map((l) => l.slice(1).split(' ')[0]!);
        const sorted = [...users].sort((a, z) => Buffer.compare(Buffer.from(a), Buffer.from(z)));
        expect(declared).toEqual(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING', ...sorted]);
      }),
      { numRuns: 100 },
    );
  });

  it("round-trips every node's rules of the lab and of three-replicas in all three kube-proxy modes", () => {
    const texts = [
      LAB_TEXT,
      ...['iptables', 'userspace', 'ipvs'].map((m) =>
        fixture('three-replicas.yaml').replace('kubeProxyMode: iptables', `kubeProxyMode: ${m}`),
      ),
    ];
    for (const t of texts) {
      const dp = buildDataplane(simulate(t).state);
      for (const ns of dp.namespaces.filter((n) => n.kind === 'node')) {
        const saved = iptablesSave(ns.iptables);
        expect(iptablesSave(restore(saved))).toBe(saved);
        for (const line of saved.split('\n').filter((l) => l.startsWith('-A '))) expect(parseRule(line).text).toBe(line);
      }
    }
  });
});

describe('rules recorded once and shared by many rulesets', () => {
  it('shares the chains the recording owns, and copies one before a ruleset writes to it', async () => {
    const { RuleRecording, RulesetBuilder, iptablesSave } = await import('../../src/core/netfilter/ruleset.ts');
    const rec = new RuleRecording();
    rec.chain('nat', 'KUBE-SERVICES');
    rec.prepend('nat', '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    rec.add('nat', '-A KUBE-SERVICES -d 10.0.0.1/32 -p tcp -m tcp --dport 80 -j ACCEPT');
    const a = new RulesetBuilder();
    const b = new RulesetBuilder();
    a.add('nat', '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER');
    rec.replay(a);
    rec.replay(b);
    expect(a.build().get('nat')!.chains.get('KUBE-SERVICES')).toBe(b.build().get('nat')!.chains.get('KUBE-SERVICES'));
    // Built-in chains take the recorded rules in their own order, per ruleset.
    expect(
      a
        .build()
        .get('nat')!
        .chains.get('PREROUTING')!
        .rules.map((r) => r.target),
    ).toEqual([
      { t: 'jump', chain: 'KUBE-SERVICES' },
      { t: 'jump', chain: 'DOCKER' },
    ]);
    b.add('nat', '-A KUBE-SERVICES -j RETURN');
    expect(b.build().get('nat')!.chains.get('KUBE-SERVICES')!.rules).toHaveLength(2);
    expect(a.build().get('nat')!.chains.get('KUBE-SERVICES')!.rules).toHaveLength(1);
    expect(iptablesSave(a.build(), 'nat')).toContain('-A KUBE-SERVICES -d 10.0.0.1/32 -p tcp -m tcp --dport 80 -j ACCEPT');
  });
});
