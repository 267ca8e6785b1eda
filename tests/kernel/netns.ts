/**
 * Builds the simulator's dataplane out of real network namespaces, runs servers and clients in
 * them, and cleans everything up. Nothing here touches the machine's own network: every
 * namespace is new, and the only links are veth pairs between them.
 *
 *   <p>-phy    one bridge `br0`: the physical network. Each node's and host's eth0 is a veth
 *              whose other end (`n1`, `h1`, ...) is a port of br0.
 *   <p>-n1..   one namespace per node: eth0, docker0 (a bridge), one veth per pod on docker0,
 *              the simulator's routes, sysctls and iptables (iptables-restore of its text).
 *   <p>-p1..   one namespace per pod (not hostNetwork pods: they live in their node's): eth0 is
 *              the peer of the node's hostVeth; default route via the gateway.
 *   <p>-h1..   one namespace per external host (the laptop): eth0 on the physical network.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nsId, parseNamespaceId, type NamespaceId } from '../../src/core/namespace-id.ts';
import type { Dataplane, DpInterface, DpListener, DpNode } from './dataplane.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SERVER = `${HERE}echo-server.mjs`;
const CLIENT = `${HERE}client.mjs`;

// ---------------------------------------------------------------------------------------------
// Commands

export class CommandError extends Error {}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion without blocking the event loop. */
export function run(cmd: string, args: readonly string[], input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', (e) => resolve({ code: 127, stdout, stderr: stderr + e.message }));
    child.on('close', (code, signal) => resolve({ code: signal ? 128 : (code ?? 1), stdout, stderr }));
    if (input !== undefined) {
      child.stdin!.on('error', () => {}); // the command may exit without reading it: its status says why
      child.stdin!.end(input);
    }
  });
}

/** Runs a command and throws with its stderr if it fails. */
export async function must(cmd: string, args: readonly string[], input?: string): Promise<string> {
  const r = await run(cmd, args, input);
  if (r.code !== 0) throw new CommandError(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

// ---------------------------------------------------------------------------------------------
// Can this machine run the suite?

export interface Capability {
  ok: boolean;
  reason?: string;
}

let envCache: Capability | undefined;

/** Root, `ip netns`, veth and bridge links, iptables-restore in a namespace. */
export function kernelEnvironment(): Capability {
  if (envCache) return envCache;
  const check = (): Capability => {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0)
      return { ok: false, reason: 'not root: the kernel suite needs root to create network namespaces' };
    for (const tool of ['ip', 'bridge', 'iptables-restore', 'iptables-save']) {
      const r = spawnSync('sh', ['-c', `command -v ${tool}`]);
      if (r.status !== 0) return { ok: false, reason: `\`${tool}\` is not installed (apt-get install iproute2 iptables)` };
    }
    const ns = `knchk${process.pid.toString(36)}`;
    const steps: string[][] = [
      ['ip', 'netns', 'add', ns],
      ['ip', '-n', ns, 'link', 'add', 'b0', 'type', 'bridge'],
      ['ip', '-n', ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1'],
      ['ip', 'netns', 'exec', ns, 'iptables-save'],
    ];
    try {
      for (const s of steps) {
        const r = spawnSync(s[0]!, s.slice(1), { encoding: 'utf8' });
        if (r.status !== 0) return { ok: false, reason: `\`${s.join(' ')}\` failed: ${(r.stderr || r.error?.message || '').trim()}` };
      }
      const r = spawnSync('ip', ['netns', 'exec', ns, 'cat', '/proc/sys/net/bridge/bridge-nf-call-iptables'], { encoding: 'utf8' });
      if (r.status !== 0)
        return {
          ok: false,
          reason: 'br_netfilter is not loaded: /proc/sys/net/bridge/bridge-nf-call-iptables is missing (modprobe br_netfilter)',
        };
      return { ok: true };
    } finally {
      spawnSync('ip', ['netns', 'delete', ns]);
    }
  };
  envCache = check();
  return envCache;
}

/** kube-proxy's ipvs mode needs IPVS, the dummy link type (kube-ipvs0), ipset and ipvsadm. */
export function ipvsSupport(): Capability {
  const lacks: string[] = [];
  if (!existsSync('/proc/net/ip_vs')) lacks.push('IPVS (/proc/net/ip_vs is missing: no ip_vs module)');
  const ns = `knipvs${process.pid.toString(36)}`;
  if (spawnSync('ip', ['netns', 'add', ns]).status === 0) {
    const r = spawnSync('ip', ['-n', ns, 'link', 'add', 'kube-ipvs0', 'type', 'dummy'], { encoding: 'utf8' });
    if (r.status !== 0) lacks.push(`the dummy link type for kube-ipvs0 (\`ip link add type dummy\`: ${r.stderr.trim()})`);
    spawnSync('ip', ['netns', 'delete', ns]);
  }
  for (const tool of ['ipvsadm', 'ipset'])
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) lacks.push(`the \`${tool}\` tool`);
  return lacks.length === 0 ? { ok: true } : { ok: false, reason: `this kernel/machine lacks ${lacks.join('; ')}` };
}

/** `nft` and nf_tables in a namespace (kube-proxy's nftables mode). */
export function nftSupport(): Capability {
  if (spawnSync('sh', ['-c', 'command -v nft']).status !== 0)
    return { ok: false, reason: 'the `nft` tool is not installed (apt-get install nftables)' };
  const ns = `knnft${process.pid.toString(36)}`;
  if (spawnSync('ip', ['netns', 'add', ns]).status !== 0) return { ok: false, reason: 'cannot add a network namespace' };
  try {
    const r = spawnSync('ip', ['netns', 'exec', ns, 'nft', 'add table ip knchk'], { encoding: 'utf8' });
    return r.status === 0 ? { ok: true } : { ok: false, reason: `nf_tables does not work here: ${r.stderr.trim()}` };
  } finally {
    spawnSync('ip', ['netns', 'delete', ns]);
  }
}

/**
 * The simulator's ruleset with a counter before each `reject`, so a refused connection can be told
 * from a REJECT (as iptables' REJECT rules count theirs); the round trip leaves the counters out.
 */
export function withRejectCounters(ruleset: string): string {
  return ruleset
    .split('\n')
    .map((l) =>
      /^\t\t(?!type |comment |elements |flags |size |timeout )/.test(l) ? l.replace(/(?<![\w-])reject(?![\w-])/, 'counter reject') : l,
    )
    .join('\n');
}

/** `nft list ruleset` with the counters withRejectCounters added taken out again. */
export function withoutCounters(listing: string): string {
  return listing.replace(/counter packets \d+ bytes \d+ /g, '');
}

// ---------------------------------------------------------------------------------------------
// Cleanup: every namespace and process we create is recorded here and removed on exit.

const liveNamespaces = new Set<string>();
const liveProcesses = new Set<ChildProcess>();

function cleanupSync(): void {
  for (const p of liveProcesses) {
    try {
      p.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  liveProcesses.clear();
  for (const ns of liveNamespaces) spawnSync('ip', ['netns', 'delete', ns]);
  liveNamespaces.clear();
}

let handlersInstalled = false;
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(sig, () => {
      cleanupSync();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
}

/** Namespaces of earlier runs of this suite whose process is gone (a run killed with SIGKILL). */
export function removeStaleNamespaces(): string[] {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  const removed: string[] = [];
  for (const line of (r.stdout ?? '').split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = /^kn([0-9a-z]+)x\d+-/.exec(name);
    if (!m) continue;
    const pid = parseInt(m[1]!, 36);
    if (pid === process.pid || existsSync(`/proc/${pid}`)) continue;
    spawnSync('ip', ['netns', 'delete', name]);
    removed.push(name);
  }
  return removed;
}

/** Our namespaces that still exist (should be none after a cluster is destroyed). */
export function leftoverNamespaces(prefix: string): string[] {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return (r.stdout ?? '')
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(prefix));
}

// ---------------------------------------------------------------------------------------------
// The cluster

export interface ClientResult {
  local: string | null;
  kind: 'answer' | 'refused' | 'reset' | 'closed' | 'unreachable' | 'timeout' | 'error';
  answer?: string;
  code?: string;
}

let clusterCounter = 0;

/** Client source ports: windows of PORT_WINDOW ports from PORT_BASE, one per connect() call. */
const PORT_BASE = 10000;
const PORT_WINDOW = 500;
const PORT_WINDOWS = 100; // 10000-59999

/** Strips what `ip route` prints but `ip route add` does not take. */
export function routeAddArgs(line: string): string[] | undefined {
  const tokens = line.trim().split(/\s+/);
  const proto = tokens.indexOf('proto');
  if (proto >= 0 && tokens[proto + 1] === 'kernel') return undefined; // the kernel adds these itself
  return tokens.filter((t) => t !== 'linkdown' && t !== 'dead');
}

export class KernelCluster {
  readonly prefix: string;
  readonly phy: string;
  private readonly nodeNs = new Map<string, string>();
  private readonly podNs = new Map<string, string>();
  private readonly hostNs = new Map<string, string>();
  private readonly servers: ChildProcess[] = [];
  /** The next window of client source ports (see connect). */
  private portWindow = 0;

  private constructor(readonly dp: Dataplane) {
    this.prefix = `kn${process.pid.toString(36)}x${clusterCounter++}`;
    this.phy = `${this.prefix}-phy`;
    dp.nodes.forEach((n, i) => this.nodeNs.set(n.name, `${this.prefix}-n${i + 1}`));
    dp.hosts.forEach((h, i) => this.hostNs.set(h.name, `${this.prefix}-h${i + 1}`));
    dp.pods.filter((p) => !p.hostNetwork).forEach((p, i) => this.podNs.set(`${p.namespace}/${p.name}`, `${this.prefix}-p${i + 1}`));
  }

  /** Creates every namespace, link, address, route, sysctl and iptables rule. */
  static async build(dp: Dataplane): Promise<KernelCluster> {
    installExitHandlers();
    const c = new KernelCluster(dp);
    try {
      await c.setup();
    } catch (e) {
      await c.destroy();
      throw e;
    }
    return c;
  }

  /** The kernel namespace a `--from` endpoint lives in. */
  nsOf(endpoint: NamespaceId): string {
    const ref = parseNamespaceId(endpoint);
    if (ref?.kind === 'node' && this.nodeNs.has(ref.name)) return this.nodeNs.get(ref.name)!;
    if (ref?.kind === 'host' && this.hostNs.has(ref.name)) return this.hostNs.get(ref.name)!;
    if (ref?.kind === 'pod') {
      const key = `${ref.namespace}/${ref.name}`;
      if (this.podNs.has(key)) return this.podNs.get(key)!;
      const pod = this.dp.pods.find((p) => p.namespace === ref.namespace && p.name === ref.name);
      if (pod?.hostNetwork) return this.nodeNs.get(pod.node)!;
    }
    throw new Error(`no namespace for ${endpoint}`);
  }

  nodeNamespace(node: string): string {
    return this.nodeNs.get(node)!;
  }

  private async ns(name: string): Promise<void> {
    await must('ip', ['netns', 'add', name]);
    liveNamespaces.add(name);
    await must('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  }

  private async sysctl(ns: string, values: Record<string, string>): Promise<void> {
    const script = Object.entries(values)
      .map(([k, v]) => `echo ${v} > /proc/sys/${k}`)
      .join(' && ');
    await must('ip', ['netns', 'exec', ns, 'sh', '-e', '-c', script]);
  }

  /**
   * A VTEP as flanneld makes it (id, local address, underlay device, port, learning off), with
   * the node's FDB and permanent neighbour entries for it, written from the lines the simulator
   * prints (`bridge fdb show`, `ip neigh show`).
   */
  private async vxlan(ns: string, node: DpNode, itf: DpInterface): Promise<void> {
    if (itf.vni === undefined || itf.port === undefined || !itf.local || !itf.dev)
      throw new Error(`node ${node.name}: vxlan ${itf.name} lacks vni, port, local or dev`);
    await must('ip', [
      '-n',
      ns,
      'link',
      'add',
      itf.name,
      ...(itf.mac ? ['address', itf.mac] : []),
      'type',
      'vxlan',
      'id',
      String(itf.vni),
      'local',
      itf.local,
      'dev',
      itf.dev,
      'dstport',
      String(itf.port),
      'nolearning',
    ]);
    for (const a of itf.addresses) await must('ip', ['-n', ns, 'addr', 'add', a, 'dev', itf.name]);
    await must('ip', ['-n', ns, 'link', 'set', itf.name, 'up']);
    for (const line of node.fdb ?? []) {
      const m = /^(\S+) dev (\S+) dst (\S+) self permanent$/.exec(line);
      if (!m) throw new Error(`node ${node.name}: cannot read the FDB line "${line}"`);
      if (m[2] === itf.name) await must('bridge', ['-n', ns, 'fdb', 'append', m[1]!, 'dev', m[2], 'dst', m[3]!, 'self', 'permanent']);
    }
    for (const line of node.neighbours ?? []) {
      const m = /^(\S+) dev (\S+) lladdr (\S+) PERMANENT$/.exec(line);
      if (!m) throw new Error(`node ${node.name}: cannot read the neighbour line "${line}"`);
      if (m[2] === itf.name) await must('ip', ['-n', ns, 'neigh', 'add', m[1]!, 'lladdr', m[3]!, 'dev', m[2], 'nud', 'permanent']);
    }
  }

  private async setup(): Promise<void> {
    const { dp } = this;
    // The physical network: a plain L2 bridge, no netfilter.
    await this.ns(this.phy);
    await this.sysctl(this.phy, { 'net/bridge/bridge-nf-call-iptables': '0' });
    await must('ip', ['-n', this.phy, 'link', 'add', 'br0', 'type', 'bridge', 'forward_delay', '0']);
    await must('ip', ['-n', this.phy, 'link', 'set', 'br0', 'up']);

    let port = 0;
    const plugPhysical = async (ns: string, ifname: string, mac: string | undefined, addresses: readonly string[]) => {
      const phyEnd = `e${++port}`;
      await must('ip', [
        '-n',
        this.phy,
        'link',
        'add',
        phyEnd,
        'type',
        'veth',
        'peer',
        'name',
        ifname,
        ...(mac ? ['address', mac] : []),
        'netns',
        ns,
      ]);
      await must('ip', ['-n', this.phy, 'link', 'set', phyEnd, 'master', 'br0', 'up']);
      for (const a of addresses) await must('ip', ['-n', ns, 'addr', 'add', a, 'dev', ifname]);
      await must('ip', ['-n', ns, 'link', 'set', ifname, 'up']);
    };

    for (const node of dp.nodes) {
      const ns = this.nodeNs.get(node.name)!;
      await this.ns(ns);
      // Before any interface exists, so every interface inherits the defaults.
      await this.sysctl(ns, {
        'net/ipv4/ip_forward': '1',
        'net/ipv4/conf/all/rp_filter': '0',
        'net/ipv4/conf/default/rp_filter': '0',
        'net/bridge/bridge-nf-call-iptables': '1',
        // Whatever else the simulator says this node sets (none unless the dataplane lists some).
        ...Object.fromEntries(Object.entries(node.sysctls ?? {}).map(([k, v]) => [k.replace(/\./g, '/'), v])),
      });
      for (const itf of node.interfaces) {
        switch (itf.kind) {
          case 'loopback':
            break; // lo has 127.0.0.1/8 already
          case 'physical':
            await plugPhysical(ns, itf.name, itf.mac, itf.addresses);
            break;
          case 'bridge':
            await must('ip', [
              '-n',
              ns,
              'link',
              'add',
              itf.name,
              ...(itf.mac ? ['address', itf.mac] : []),
              'type',
              'bridge',
              'forward_delay',
              '0',
            ]);
            for (const a of itf.addresses) await must('ip', ['-n', ns, 'addr', 'add', a, 'dev', itf.name]);
            await must('ip', ['-n', ns, 'link', 'set', itf.name, 'up']);
            break;
          case 'veth':
            break; // below, once every bridge exists
          case 'vxlan':
            await this.vxlan(ns, node, itf);
            break;
          default:
            throw new Error(
              `node ${node.name}: interface ${itf.name} of kind ${itf.kind} cannot be built here (kernel lacks it or the suite does not know it)`,
            );
        }
      }
    }

    for (const pod of dp.pods) {
      if (pod.hostNetwork) continue;
      const key = `${pod.namespace}/${pod.name}`;
      const ns = this.podNs.get(key)!;
      const nodeNs = this.nodeNs.get(pod.node);
      const node = dp.nodes.find((n) => n.name === pod.node);
      if (!nodeNs || !node) throw new Error(`pod ${key}: node ${pod.node} is not in the dataplane`);
      const hostSide = node.interfaces.find((i) => i.name === pod.hostVeth);
      if (!hostSide) throw new Error(`pod ${key}: node ${pod.node} has no interface ${pod.hostVeth} (hostVeth)`);
      if (hostSide.peer && (hostSide.peer.pod !== key || hostSide.peer.ifname !== 'eth0'))
        throw new Error(`pod ${key}: ${pod.node}/${pod.hostVeth} says its peer is ${hostSide.peer.pod}/${hostSide.peer.ifname}`);
      await this.ns(ns);
      await must('ip', [
        '-n',
        nodeNs,
        'link',
        'add',
        pod.hostVeth,
        ...(hostSide.mac ? ['address', hostSide.mac] : []),
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        ns,
      ]);
      for (const a of hostSide.addresses) await must('ip', ['-n', nodeNs, 'addr', 'add', a, 'dev', pod.hostVeth]);
      if (hostSide.master) await must('ip', ['-n', nodeNs, 'link', 'set', pod.hostVeth, 'master', hostSide.master]);
      await must('ip', ['-n', nodeNs, 'link', 'set', pod.hostVeth, 'up']);
      if (hostSide.hairpin) await must('bridge', ['-n', nodeNs, 'link', 'set', 'dev', pod.hostVeth, 'hairpin', 'on']);
      // The subnet route the address makes stays only if the pod's table has it (ptp removes it).
      const connected = pod.routes.some((l) => l.includes(' proto kernel ') && l.includes(' dev eth0 '));
      await must('ip', ['-n', ns, 'addr', 'add', `${pod.ip}/${pod.prefix}`, 'dev', 'eth0', ...(connected ? [] : ['noprefixroute'])]);
      await must('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
      // On-link routes first: a route via the gateway needs one that reaches it.
      const onLink = (l: string) => !l.includes(' via ');
      for (const line of [...pod.routes.filter(onLink), ...pod.routes.filter((l) => !onLink(l))]) {
        const args = routeAddArgs(line);
        if (args) await must('ip', ['-n', ns, 'route', 'add', ...args]);
      }
    }
    // Veths on nodes that are not a pod's hostVeth: not expected in any scenario.
    for (const node of dp.nodes)
      for (const itf of node.interfaces)
        if (itf.kind === 'veth' && !dp.pods.some((p) => p.node === node.name && p.hostVeth === itf.name && !p.hostNetwork))
          throw new Error(`node ${node.name}: veth ${itf.name} belongs to no pod of the dataplane`);

    for (const host of dp.hosts) {
      const ns = this.hostNs.get(host.name)!;
      await this.ns(ns);
      await plugPhysical(ns, 'eth0', undefined, host.addresses);
    }

    // Routes, once every interface and address exists.
    const addRoutes = async (ns: string, who: string, routes: readonly string[]) => {
      for (const line of routes) {
        const args = routeAddArgs(line);
        if (!args) continue;
        const r = await run('ip', ['-n', ns, 'route', 'add', ...args]);
        if (r.code !== 0)
          throw new CommandError(`${who}: \`ip route add ${args.join(' ')}\` (from route "${line}") failed: ${r.stderr.trim()}`);
      }
    };
    for (const node of dp.nodes) await addRoutes(this.nodeNs.get(node.name)!, `node ${node.name}`, node.routes);
    for (const host of dp.hosts) await addRoutes(this.hostNs.get(host.name)!, `host ${host.name}`, host.routes);

    // Only timing, never the verdict:
    //  - a neighbour that never answers ARP fails after 3 × 150 ms instead of 3 × 1 s, so
    //    "unreachable" (EHOSTUNREACH) comes well inside the client's timeout;
    //  - no per-host ICMP rate limit (icmp_ratelimit, a burst of 6 then 1 a second): otherwise
    //    the 7th REJECT within a second is a silent drop for UDP (a 1 s SYN retry for TCP).
    for (const ns of [...this.nodeNs.values(), ...this.podNs.values(), ...this.hostNs.values()])
      await must('ip', [
        'netns',
        'exec',
        ns,
        'sh',
        '-e',
        '-c',
        'for f in /proc/sys/net/ipv4/neigh/*/retrans_time_ms; do echo 150 > "$f"; done; echo 0 > /proc/sys/net/ipv4/icmp_ratelimit',
      ]);

    // iptables, last: loud if the kernel does not take the simulator's text. The ipsets its rules
    // match (kube-router's, for NetworkPolicy) go in first, with ipset restore.
    for (const node of dp.nodes) {
      if (node.ipsets) {
        const s = await run('ip', ['netns', 'exec', this.nodeNs.get(node.name)!, 'ipset', 'restore'], `${node.ipsets}\n`);
        if (s.code !== 0)
          throw new CommandError(
            `node ${node.name}: ipset restore rejected the simulator's ipsets:\n${s.stderr.trim()}\n${numbered(node.ipsets)}`,
          );
      }
      const r = await run('ip', ['netns', 'exec', this.nodeNs.get(node.name)!, 'iptables-restore'], node.iptablesSave);
      if (r.code !== 0)
        throw new CommandError(
          `node ${node.name}: iptables-restore rejected the simulator's iptablesSave:\n${r.stderr.trim()}\n--- the text:\n${numbered(node.iptablesSave)}`,
        );
    }
    // kube-proxy's nftables table after the node's iptables, as on a node (its chains registered last).
    for (const node of dp.nodes) {
      if (!node.nftRuleset) continue;
      const text = withRejectCounters(node.nftRuleset);
      const r = await run('ip', ['netns', 'exec', this.nodeNs.get(node.name)!, 'nft', '-f', '-'], text);
      if (r.code !== 0)
        throw new CommandError(
          `node ${node.name}: nft -f rejected the simulator's nftRuleset:\n${r.stderr.trim()}\n--- the text:\n${numbered(text)}`,
        );
    }
  }

  /** `nft list ruleset` of a node, as the kernel now holds it (iptables-nft's tables included). */
  nftList(node: string): Promise<string> {
    return must('ip', ['netns', 'exec', this.nodeNs.get(node)!, 'nft', 'list', 'ruleset']);
  }

  /** `ipset save` of a node, as the kernel now holds it. */
  ipsetSave(node: string): Promise<string> {
    return must('ip', ['netns', 'exec', this.nodeNs.get(node)!, 'ipset', 'save']);
  }

  /** `iptables-save` of a node, as the kernel now holds it. */
  iptablesSave(node: string, counters = false): Promise<string> {
    return must('ip', ['netns', 'exec', this.nodeNs.get(node)!, 'iptables-save', ...(counters ? ['-c'] : [])]);
  }

  /** `ip route` (main table) of a node or host namespace. */
  async routes(endpoint: NamespaceId): Promise<string[]> {
    const out = await must('ip', ['-n', this.nsOf(endpoint), 'route', 'show']);
    return out
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  }

  /** A node's permanent neighbour entries (`ip neigh show nud permanent`). */
  async neighbours(node: string): Promise<string[]> {
    const out = await must('ip', ['-n', this.nodeNs.get(node)!, 'neigh', 'show', 'nud', 'permanent']);
    return out
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  }

  /** A node's FDB entries on its VXLAN devices (`bridge fdb show`, the lines that name a destination). */
  async fdb(node: string): Promise<string[]> {
    const out = await must('bridge', ['-n', this.nodeNs.get(node)!, 'fdb', 'show']);
    return out
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => / dst /.test(l));
  }

  /** Sum of the packet counters of every REJECT rule of every node. */
  async rejectCount(): Promise<number> {
    let total = 0;
    for (const node of this.dp.nodes) {
      const text = await this.iptablesSave(node.name, true);
      for (const line of text.split('\n')) {
        const m = /^\[(\d+):\d+\] -A .* -j REJECT\b/.exec(line);
        if (m) total += Number(m[1]);
      }
      if (node.nftRuleset)
        for (const m of (await this.nftList(node.name)).matchAll(/counter packets (\d+) bytes \d+ reject/g)) total += Number(m[1]);
    }
    return total;
  }

  /**
   * One server process per namespace: echo servers for pods' container ports, hosts' listeners
   * and nodes' plain listeners (answering as the node, or as the hostNetwork pod that owns the
   * port); a proxy for every listener with `proxy` (kube-proxy userspace, docker-proxy).
   */
  async startServers(): Promise<void> {
    const { dp } = this;
    const jobs: { ns: string; name: string; listen: string[]; proxy: string[] }[] = [];
    for (const pod of dp.pods) {
      if (pod.hostNetwork) continue;
      const listen = unique(pod.ports.map((p) => `${p.protocol.toLowerCase()}:${p.containerPort}`));
      if (listen.length > 0)
        jobs.push({ ns: this.podNs.get(`${pod.namespace}/${pod.name}`)!, name: nsId.pod(pod.namespace, pod.name), listen, proxy: [] });
    }
    for (const node of dp.nodes) {
      const listen: string[] = [];
      const proxy: string[] = [];
      const hostNetPorts = new Map<string, string>();
      for (const pod of dp.pods.filter((p) => p.hostNetwork && p.node === node.name))
        for (const p of pod.ports) hostNetPorts.set(`${p.protocol.toLowerCase()}:${p.containerPort}`, nsId.pod(pod.namespace, pod.name));
      for (const l of node.listeners) {
        const bind = bindText(l);
        if (l.proxy)
          proxy.push(`${bind}=${l.proxy.backends.map((b) => `${b.ip}:${b.port}`).join('+')}${l.proxy.sessionAffinity ? ';affinity' : ''}`);
        else {
          const owner = hostNetPorts.get(`${l.protocol.toLowerCase()}:${l.port}`);
          listen.push(owner ? `${bind}@${owner}` : bind);
        }
      }
      for (const [bind, owner] of hostNetPorts)
        if (!node.listeners.some((l) => `${l.protocol.toLowerCase()}:${l.port}` === bind)) listen.push(`${bind}@${owner}`);
      if (listen.length + proxy.length > 0)
        jobs.push({ ns: this.nodeNs.get(node.name)!, name: nsId.node(node.name), listen: unique(listen), proxy });
    }
    for (const host of dp.hosts) {
      const listen = unique(host.listeners.filter((l) => !l.proxy).map(bindText));
      const proxy = host.listeners
        .filter((l) => l.proxy)
        .map((l) => `${bindText(l)}=${l.proxy!.backends.map((b) => `${b.ip}:${b.port}`).join('+')}`);
      if (listen.length + proxy.length > 0) jobs.push({ ns: this.hostNs.get(host.name)!, name: nsId.host(host.name), listen, proxy });
    }
    await Promise.all(jobs.map((j) => this.startServer(j.ns, j.name, j.listen, j.proxy)));
  }

  private startServer(ns: string, name: string, listen: string[], proxy: string[]): Promise<void> {
    const args = ['netns', 'exec', ns, process.execPath, SERVER, '--name', name];
    if (listen.length) args.push('--listen', listen.join(','));
    for (const p of proxy) args.push('--proxy', p);
    // stdin stays open: the server exits when it closes, so none outlives a killed test.
    const child = spawn('ip', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    liveProcesses.add(child);
    this.servers.push(child);
    child.on('exit', () => liveProcesses.delete(child));
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`server ${name} in ${ns} did not start in 10 s: ${err}`)), 10_000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server ${name} (ip ${args.join(' ')}) exited with ${code}: ${err.trim()}`));
      });
    });
  }

  /** Opens `count` connections from a namespace and returns what each got. */
  async connect(
    from: NamespaceId,
    to: string,
    proto: 'tcp' | 'udp',
    count: number,
    timeoutMs: number,
    parallel = 30,
    via?: string,
  ): Promise<ClientResult[]> {
    if (via) await this.handTo(this.nsOf(from), to.slice(0, to.lastIndexOf(':')), via);
    // Each call gets source ports no earlier call of this cluster used (its own window of
    // ip_local_port_range in the client's namespace). Otherwise a port reused from an earlier
    // flow finds that flow's conntrack entries (kept 120 s in TIME_WAIT): MASQUERADE reuses the
    // earlier connection's mapping for the same source ip:port (nf_nat find_appropriate_src), e.g.
    // a port that KUBE-POSTROUTING's --random-fully had changed, and a DNATed connection's reply
    // tuple makes a later direct one to the same endpoint get a new port. The tracer traces each
    // flow on a fresh network.
    const lo = PORT_BASE + (this.portWindow++ % PORT_WINDOWS) * PORT_WINDOW;
    const out = await must('ip', [
      'netns',
      'exec',
      this.nsOf(from),
      'sh',
      '-e',
      '-c',
      'echo "$1 $2" > /proc/sys/net/ipv4/ip_local_port_range; shift 2; exec "$@"',
      'sh',
      String(lo),
      String(lo + PORT_WINDOW - 1),
      process.execPath,
      CLIENT,
      '--to',
      to,
      '--proto',
      proto,
      '--count',
      String(count),
      '--timeout',
      String(timeoutMs),
      '--parallel',
      String(parallel),
    ]);
    return (JSON.parse(out) as { results: ClientResult[] }).results;
  }

  /**
   * Makes a namespace hand packets for `dst` to the neighbour `via` whatever its own routes say
   * (the tracer's `--via`, a packet written to the neighbour's link address): a policy rule ahead
   * of the local table sends `dst` to a table of its own, whose one route goes via the neighbour.
   * Only `dst` is affected; the main table `ip route` shows is left alone.
   */
  private async handTo(ns: string, dst: string, via: string): Promise<void> {
    const rules = await must('ip', ['-n', ns, 'rule', 'show']);
    if (/^0:\s/m.test(rules)) {
      await must('ip', ['-n', ns, 'rule', 'add', 'pref', '100', 'lookup', 'local']);
      await must('ip', ['-n', ns, 'rule', 'del', 'pref', '0']);
    }
    await must('ip', ['-n', ns, 'route', 'replace', `${dst}/32`, 'via', via, 'table', '100']);
    if (!rules.includes(`to ${dst} lookup 100`))
      await must('ip', ['-n', ns, 'rule', 'add', 'pref', '10', 'to', `${dst}/32`, 'lookup', '100']);
  }

  /** Kills our servers and deletes our namespaces. Safe to call twice. */
  async destroy(): Promise<void> {
    for (const s of this.servers) {
      if (s.exitCode === null && s.signalCode === null) {
        const gone = new Promise((r) => s.once('exit', r));
        s.kill('SIGKILL');
        await gone;
      }
      liveProcesses.delete(s);
    }
    this.servers.length = 0;
    const all = [this.phy, ...this.nodeNs.values(), ...this.podNs.values(), ...this.hostNs.values()];
    for (const ns of all) {
      if (!liveNamespaces.has(ns)) continue;
      await run('ip', ['netns', 'delete', ns]);
      liveNamespaces.delete(ns);
    }
  }
}

function bindText(l: DpListener): string {
  return `${l.protocol.toLowerCase()}:${l.ip === '0.0.0.0' ? '' : `${l.ip}:`}${l.port}`;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function numbered(text: string): string {
  return text
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(4)}  ${l}`)
    .join('\n');
}
