/**
 * curl and ping, answered by the tracer from where the shell is. curl opens a real (simulated)
 * connection on the session's running network, so its conntrack entries stay for
 * `conntrack -L` and load balancing goes on from one curl to the next; it prints what the
 * server answers, or curl's own error for a refused, unreachable or silently dropped connection.
 *
 * ping is an approximation: the tracer follows TCP and UDP only, so an echo request is traced
 * as a UDP datagram to port 0 on a throwaway network. Routing, ARP, forwarding and masquerade
 * treat it as they would ICMP, and no kube-proxy or Docker rule matches port 0, just as none
 * matches ICMP: a cluster IP does not answer ping (except in ipvs mode, where the address is
 * the node's own), a pod or a node does. Reaching the destination's stack counts as a reply.
 * So ping is not animated: the packet panel would show that UDP datagram, refused at port 0.
 */
import type { Dataplane, NetNamespace } from '../../core/dataplane/model.ts';
import { indexOf } from '../../core/dataplane/lookup.ts';
import { hash53 } from '../../core/hash.ts';
import { nsId } from '../../core/namespace-id.ts';
import { parseIp } from '../../core/net/ipv4.ts';
import { connect, Network, type Trace, type TraceRequest } from '../../core/trace/index.ts';
import { lookup, primaryAddress } from '../../core/trace/routing.ts';
import type { Command, CommandResult, Env } from '../types.ts';
import { resolveInPod } from './dns.ts';
import { tupleKey } from './net.ts';

const USER_AGENT = 'curl/7.61.1';
const DATE = 'Thu, 26 Nov 2026 12:00:00 GMT';

/** Names the shell resolves (/etc/hosts): the nodes and the external hosts. */
export function resolveName(env: Env, name: string): string | undefined {
  if (parseIp(name) !== undefined) return name;
  const { cluster } = env.data.state;
  const node = cluster.nodes.find((n) => n.name === name);
  if (node) return node.ip;
  const host = cluster.hosts.find((h) => h.name === name);
  if (host) return host.ip;
  if (name === 'localhost') return '127.0.0.1';
  if (env.here.pod && name === env.here.hostname) return env.here.pod.ip;
  return undefined;
}

interface Url {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

function parseUrl(text: string): Url | { error: string } {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]*)(?::(\d*))?([/?#].*)?$/.exec(text);
  if (!m) return { error: `curl: (3) URL using bad/illegal format or missing URL` };
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { error: `curl: (1) Protocol "${scheme}" not supported or disabled in libcurl` };
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  if (!m[2]) return { error: 'curl: (3) URL using bad/illegal format or missing URL' };
  if (port > 65535) return { error: `curl: (3) Port number out of range` };
  return { scheme, host: m[2], port, path: m[4] ?? '/' };
}

interface Response {
  readonly status: string;
  readonly headers: readonly string[];
  readonly body: string;
}

/** What the server at the end of the connection answers (the pods' page is the playground's own: it names the pod and shows who connected). */
function answer(env: Env, t: Trace, url: Url): Response | { error: string } {
  const to = t.deliveredTo!;
  const seen = t.serverSees ? `${t.serverSees.ip}:${t.serverSees.port}` : '';
  if (to.kind === 'node' && to.process === 'kube-apiserver') {
    if (url.scheme === 'http')
      return {
        status: 'HTTP/1.0 400 Bad Request',
        headers: ['Content-Type: text/plain'],
        body: 'Client sent an HTTP request to an HTTPS server.\n',
      };
    return {
      error:
        'curl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.haxx.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it.',
    };
  }
  if (url.scheme === 'https') return { error: 'curl: (35) error:1408F10B:SSL routines:ssl3_get_record:wrong version number' };
  if (to.kind === 'node' && to.process === 'kube-proxy') {
    // kube-proxy's health check of a Local service: 200 while this node runs an endpoint, else 503.
    const port = t.hops.findLast((h) => h.kind === 'deliver' && h.direction === 'request')?.after.dport;
    const health = indexOf(env.data.dataplane)
      .namespace(nsId.node(to.name))
      ?.listeners.find((l) => l.port === port && l.health)?.health;
    if (health) {
      const body = `{\n\t"service": {\n\t\t"namespace": "${health.namespace}",\n\t\t"name": "${health.name}"\n\t},\n\t"localEndpoints": ${health.localEndpoints}\n}`;
      return {
        status: health.localEndpoints > 0 ? 'HTTP/1.1 200 OK' : 'HTTP/1.1 503 Service Unavailable',
        headers: ['Content-Type: application/json', 'X-Content-Type-Options: nosniff'],
        body,
      };
    }
  }
  if (to.kind === 'host')
    return {
      status: 'HTTP/1.1 200 OK',
      headers: ['Server: Apache/2.4.6 (CentOS)', 'Content-Type: text/html; charset=UTF-8'],
      body: '<html><body><h1>It works!</h1></body></html>\n',
    };
  if (to.kind === 'pod') {
    const pod = env.data.state.pods.find((p) => p.namespace === to.namespace && p.name === to.name);
    const image = pod?.spec.containers.find((c) => c.name === to.container)?.image ?? '';
    const server = /php/.test(image)
      ? ['Server: Apache/2.4.10 (Debian)', 'X-Powered-By: PHP/5.6.14']
      : /nginx/.test(image)
        ? ['Server: nginx/1.21.6']
        : [];
    const body = [
      '<!DOCTYPE html>',
      '<html>',
      `<head><title>${to.name}</title></head>`,
      '<body>',
      `<h1>${to.name}</h1>`,
      `<p>Served by container ${to.container} (${image}) of pod ${to.namespace}/${to.name}, ${pod?.ip ?? ''}:${t.hops.findLast((h) => h.kind === 'deliver' && h.direction === 'request')?.after.dport ?? url.port}.</p>`,
      `<p>The server sees this client as ${seen}.</p>`,
      '</body>',
      '</html>',
      '',
    ].join('\n');
    return { status: 'HTTP/1.1 200 OK', headers: [...server, 'Content-Type: text/html; charset=UTF-8'], body };
  }
  return { error: 'curl: (52) Empty reply from server' };
}

/** curl's message for a connection that did not get through. */
function failure(dp: Dataplane, t: Trace, ip: string, port: number, maxTime: number | undefined): { message: string; code: number } {
  const refused = { message: `curl: (7) Failed to connect to ${ip} port ${port}: Connection refused`, code: 7 };
  switch (t.verdict) {
    case 'refused':
      return refused;
    case 'rejected':
      return t.hops.some((h) => h.target?.t === 'REJECT' && h.target.with === 'icmp-host-unreachable')
        ? { message: `curl: (7) Failed to connect to ${ip} port ${port}: No route to host`, code: 7 }
        : refused;
    case 'closed':
      return { message: 'curl: (52) Empty reply from server', code: 52 };
    case 'unreachable': {
      const { how } = unreachable(dp, t);
      if (how === 'network') return { message: `curl: (7) Failed to connect to ${ip} port ${port}: Network is unreachable`, code: 7 };
      if (how === 'host') return { message: `curl: (7) Failed to connect to ${ip} port ${port}: No route to host`, code: 7 };
      return timedOut(ip, port, maxTime);
    }
    default:
      return timedOut(ip, port, maxTime);
  }
}

/** Dropped (or lost beyond a gateway): the SYN goes unanswered; curl waits for the kernel to give up, or for -m. */
function timedOut(ip: string, port: number, maxTime: number | undefined): { message: string; code: number } {
  return maxTime !== undefined
    ? { message: `curl: (28) Connection timed out after ${maxTime * 1000 + 1} milliseconds`, code: 28 }
    : { message: `curl: (7) Failed to connect to ${ip} port ${port}: Connection timed out`, code: 7 };
}

function record(env: Env, t: Trace): void {
  for (const r of t.conntrack) env.session.replied.set(`${r.ns}|${tupleKey(r.original)}`, t.verdict === 'delivered');
}

function animate(env: Env, request: TraceRequest, t: Trace): void {
  env.session.context.traceFlow?.(request, t);
  env.session.effect({ kind: 'trace', request, trace: t });
}

const CURL_HELP = "curl: try 'curl --help' or 'curl --manual' for more information";

export const curl: Command = (args, env) => {
  let verbose = false;
  let head = false;
  let include = false;
  let insecure = false;
  let output: string | undefined;
  let maxTime: number | undefined;
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a === '-') {
      urls.push(a);
      continue;
    }
    const long: Record<string, () => void> = {
      '--verbose': () => (verbose = true),
      '--head': () => (head = true),
      '--include': () => (include = true),
      '--insecure': () => (insecure = true),
      '--silent': () => undefined,
      '--show-error': () => undefined,
      '--location': () => undefined,
      '--output': () => (output = args[++i]),
      '--max-time': () => (maxTime = Number(args[++i])),
      '--connect-timeout': () => (maxTime = Number(args[++i])),
      '--header': () => i++,
      '--user-agent': () => i++,
    };
    if (a.startsWith('--')) {
      if (!long[a]) return { err: `curl: option ${a}: is unknown\n${CURL_HELP}`, code: 2 };
      long[a]();
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j]!;
      const value = () => (j + 1 < a.length ? a.slice(j + 1) : args[++i]);
      if (f === 'v') verbose = true;
      else if (f === 'I') head = true;
      else if (f === 'i') include = true;
      else if (f === 'k') insecure = true;
      else if (f === 's' || f === 'S' || f === 'L') continue;
      else if (f === 'o' || f === 'm' || f === 'H' || f === 'A') {
        const v = value();
        if (f === 'o') output = v;
        if (f === 'm') maxTime = Number(v);
        j = a.length;
      } else return { err: `curl: option -${f}: is unknown\n${CURL_HELP}`, code: 2 };
    }
  }
  if (urls.length === 0) return { err: `curl: no URL specified!\n${CURL_HELP}`, code: 2 };
  let out = '';
  let err = '';
  let code = 0;
  for (const text of urls) {
    const url = parseUrl(text);
    if ('error' in url) {
      err += `${url.error}\n`;
      code = 3;
      continue;
    }
    const ip = resolveName(env, url.host) ?? resolveInPod(env, url.host);
    if (!ip) {
      err += `curl: (6) Could not resolve host: ${url.host}\n`;
      code = 6;
      continue;
    }
    const request: TraceRequest = { from: env.here.source, to: { ip, port: url.port }, proto: 'tcp' };
    let t: Trace;
    try {
      t = connect(env.session.network(), request);
    } catch (e) {
      err += `curl: (7) ${(e as Error).message}\n`;
      code = 7;
      continue;
    }
    record(env, t);
    animate(env, request, t);
    const verb = head ? 'HEAD' : 'GET';
    if (verbose)
      err += `* Rebuilt URL to: ${text}${url.path === '/' && !text.endsWith('/') ? '/' : ''}\n*   Trying ${ip}...\n* TCP_NODELAY set\n`;
    if (t.verdict !== 'delivered') {
      const f = failure(env.data.dataplane, t, ip, url.port, maxTime);
      if (verbose) err += `* ${f.message.replace(/^curl: \(\d+\) /, '')}\n* Closing connection 0\n`;
      err += `${f.message}\n`;
      code = f.code;
      continue;
    }
    const response = answer(env, t, url);
    if (verbose) err += `* Connected to ${url.host} (${ip}) port ${url.port} (#0)\n`;
    if ('error' in response) {
      if (insecure && response.error.includes('(60)')) {
        out +=
          JSON.stringify(
            {
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Failure',
              message: 'forbidden: User "system:anonymous" cannot get path "/"',
              reason: 'Forbidden',
              details: {},
              code: 403,
            },
            null,
            2,
          ) + '\n';
        continue;
      }
      err += `${response.error}\n`;
      code = Number(/\((\d+)\)/.exec(response.error)?.[1] ?? 1);
      continue;
    }
    const headers = [
      response.status,
      `Date: ${DATE}`,
      ...response.headers,
      `Content-Length: ${new TextEncoder().encode(response.body).length}`,
    ];
    if (verbose)
      err += `> ${verb} ${url.path} HTTP/1.1\n> Host: ${url.host}${url.port === 80 ? '' : `:${url.port}`}\n> User-Agent: ${USER_AGENT}\n> Accept: */*\n> \n${headers.map((h) => `< ${h}`).join('\n')}\n< \n`;
    const shown = head ? `${headers.join('\r\n')}\r\n\r\n` : `${include ? `${headers.join('\r\n')}\r\n\r\n` : ''}${response.body}`;
    if (output && output !== '/dev/null') env.session.files.set(output.startsWith('/') ? output : `${env.location.cwd}/${output}`, shown);
    else if (!output) out += shown;
    if (verbose) err += `* Connection #0 to host ${url.host} left intact\n`;
  }
  return { out, err, code };
};

/**
 * How an unreachable connection fails: no route at the sender (`network`), no answer to ARP for
 * the destination itself (`host`), or no answer for a gateway. The physical network's router
 * is outside the simulation; the real one exists and drops what it cannot route (`lost`).
 */
function unreachable(dp: Dataplane, t: Trace): { how: 'network' | 'host' | 'lost'; ns?: NetNamespace } {
  if (!t.hops.some((h) => h.kind === 'send')) return { how: 'network' };
  const last = t.hops[t.hops.length - 1]!;
  const ns = indexOf(dp).namespace(last.where.ns);
  const r = ns && lookup(ns, last.after.dst);
  if (!ns || !r || r.nextHop !== last.after.dst) return { how: 'lost' };
  return { how: 'host', ns };
}

type Echo =
  | { readonly kind: 'reply'; readonly ttl: number }
  | { readonly kind: 'unreachable'; readonly from: string }
  | { readonly kind: 'lost' }
  | { readonly kind: 'network-unreachable' };

/** One echo request, approximated as described at the top of this file. */
function echo(dp: Dataplane, request: TraceRequest): { echo: Echo; trace: Trace } {
  const t = connect(new Network(dp, 1), request);
  const routers = new Set(
    t.hops.filter((h) => h.direction === 'request' && h.kind === 'route' && h.where.ns !== request.from).map((h) => h.where.ns),
  ).size;
  if (t.verdict === 'refused' || t.verdict === 'delivered') return { echo: { kind: 'reply', ttl: 64 - routers }, trace: t };
  if (t.verdict === 'unreachable') {
    const { how, ns } = unreachable(dp, t);
    if (how === 'network') return { echo: { kind: 'network-unreachable' }, trace: t };
    if (how === 'lost' || !ns) return { echo: { kind: 'lost' }, trace: t };
    // The ICMP error leaves by the route back to the sender, from that interface's address.
    const back = lookup(ns, t.request.src);
    const from =
      ns.id === request.from || !back
        ? t.request.src
        : (primaryAddress(ns.interfaces.find((i) => i.name === back.route.dev)) ?? t.request.src);
    return { echo: { kind: 'unreachable', from }, trace: t };
  }
  return { echo: { kind: 'lost' }, trace: t };
}

export const ping: Command = (args, env) => {
  let count = 4;
  let quiet = false;
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c') count = Number(args[++i]);
    else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
    else if (a === '-q') quiet = true;
    else if (a === '-i' || a === '-W' || a === '-w' || a === '-s' || a === '-t') i++;
    else if (a === '-n') continue;
    else if (a.startsWith('-'))
      return { err: `ping: invalid option -- '${a.slice(1, 2)}'\n\nUsage\n  ping [options] <destination>`, code: 2 };
    else targets.push(a);
  }
  if (!Number.isInteger(count) || count < 1) return { err: `ping: bad number of packets to transmit.`, code: 2 };
  // A real ping runs until Ctrl-C; the simulated one sends 4 (or -c) and stops.
  count = Math.min(count, 100);
  const target = targets[targets.length - 1];
  if (!target) return { err: 'ping: usage error: Destination address required', code: 1 };
  const ip = resolveName(env, target);
  if (!ip) return { err: `ping: ${target}: Name or service not known`, code: 2 };
  const request: TraceRequest = { from: env.here.source, to: { ip, port: 0 }, proto: 'udp' };
  let result: { echo: Echo; trace: Trace };
  try {
    result = echo(env.data.dataplane, request);
  } catch (e) {
    return { err: `ping: ${(e as Error).message}`, code: 2 };
  }
  const e = result.echo;
  if (e.kind === 'network-unreachable') return { err: 'connect: Network is unreachable', code: 2 };
  const named = target === ip ? ip : `${target} (${ip})`;
  const lines = [`PING ${target} (${ip}) 56(84) bytes of data.`];
  const times: number[] = [];
  for (let seq = 1; seq <= count; seq++) {
    if (e.kind === 'reply') {
      const base = e.ttl === 64 ? 0.045 : 0.3 + 0.15 * (64 - e.ttl);
      const time = base + (hash53(`${ip}/${seq}`) % 1000) / 10000;
      times.push(time);
      if (!quiet)
        lines.push(`64 bytes from ${named}: icmp_seq=${seq} ttl=${e.ttl} time=${time < 1 ? time.toFixed(3) : time.toFixed(2)} ms`);
    } else if (e.kind === 'unreachable' && !quiet && seq % 3 === 1) {
      // Linux reports a failed ARP resolution for the first probe of each burst of three.
      for (let k = seq; k < seq + 3 && k <= count; k++) lines.push(`From ${e.from} icmp_seq=${k} Destination Host Unreachable`);
    }
  }
  const received = times.length;
  const errors = e.kind === 'unreachable' ? count : 0;
  const loss = Math.round(((count - received) / count) * 100);
  lines.push('', `--- ${target} ping statistics ---`);
  lines.push(
    `${count} packets transmitted, ${received} received, ${errors ? `+${errors} errors, ` : ''}${loss}% packet loss, time ${(count - 1) * 1000 + (hash53(ip) % 9)}ms`,
  );
  if (received > 0) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const avg = times.reduce((a, b) => a + b, 0) / received;
    const mdev = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / received);
    lines.push(`rtt min/avg/max/mdev = ${[min, avg, max, mdev].map((x) => x.toFixed(3)).join('/')} ms`);
  }
  return { out: lines.join('\n'), code: received > 0 ? 0 : 1 } satisfies CommandResult;
};
