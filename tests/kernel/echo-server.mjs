#!/usr/bin/env node
// One process per network namespace of the kernel suite, serving every port of that namespace.
// Run it inside the namespace: `ip netns exec NS node tests/kernel/echo-server.mjs ...`.
//
//   --name ID                  who answers: `pod:default/web-1`, `node:k8smaster01`, `host:laptop`
//   --listen LIST              echo servers, comma separated: `tcp:80,udp:8080,tcp:127.0.0.1:6443`;
//                              `tcp:80@pod:default/x` answers as that id instead of --name
//   --proxy SPEC               (repeatable) a proxy like kube-proxy's userspace proxier or docker-proxy:
//                              `tcp:[IP:]PORT=IP:PORT+IP:PORT[;affinity]` (no backends: `tcp:PORT=`)
//
// An echo server answers each TCP connection and each UDP datagram with ONE line,
// `<ID> <peer ip>:<peer port>`, the peer as this socket sees it (after any NAT). TCP closes after it.
// A proxy accepts (TCP) or receives (UDP), picks a backend round-robin (by client IP when
// `affinity`), opens a NEW connection from this namespace to it, and relays both ways; with no
// backend it closes the connection at once (TCP) or drops the datagram (UDP), as kube-proxy does.
// Prints `ready` on stdout when every socket is bound; exits 1 with the error if one cannot be.
// Exits when its stdin closes (the test that started it is gone).
import dgram from 'node:dgram';
import net from 'node:net';

function parseArgs(argv) {
  const out = { name: 'unknown', listen: [], proxy: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--name') out.name = v;
    else if (a === '--listen') out.listen.push(...v.split(',').filter(Boolean));
    else if (a === '--proxy') out.proxy.push(v);
    else throw new Error(`unknown argument ${a}`);
    i++;
  }
  return out;
}

/** `tcp:80`, `tcp:1.2.3.4:80`, `tcp:80@pod:default/x` (answers as that id) -> { proto, ip, port, id } */
function parseBind(full) {
  const at = full.indexOf('@');
  const text = at < 0 ? full : full.slice(0, at);
  const id = at < 0 ? undefined : full.slice(at + 1);
  const parts = text.split(':');
  const proto = parts[0];
  if (proto !== 'tcp' && proto !== 'udp') throw new Error(`bad protocol in ${text}`);
  const ip = parts.length === 3 ? parts[1] : '0.0.0.0';
  const port = Number(parts[parts.length - 1]);
  if (!Number.isInteger(port)) throw new Error(`bad port in ${text}`);
  return { proto, ip, port, id };
}

function parseProxy(text) {
  const [bindText, rest = ''] = text.split('=');
  const [list, ...flags] = rest.split(';');
  const backends = list
    .split('+')
    .filter(Boolean)
    .map((b) => {
      const i = b.lastIndexOf(':');
      return { ip: b.slice(0, i), port: Number(b.slice(i + 1)) };
    });
  return { ...parseBind(bindText), backends, affinity: flags.includes('affinity') };
}

const args = parseArgs(process.argv.slice(2));
const answer = (ip, port, id) => `${id ?? args.name} ${ip}:${port}\n`;
const bound = [];

function listenTcp(ip, port, onConn) {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ allowHalfOpen: false }, onConn);
    server.on('error', reject);
    server.listen({ host: ip, port, backlog: 512 }, () => resolve(server));
  });
}

function bindUdp(ip, port, onMessage) {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    sock.on('error', reject);
    sock.on('message', (msg, rinfo) => onMessage(sock, msg, rinfo));
    sock.bind(port, ip, () => resolve(sock));
  });
}

function echo({ proto, ip, port, id }) {
  if (proto === 'tcp')
    return listenTcp(ip, port, (s) => {
      s.on('error', () => {});
      s.end(answer(s.remoteAddress, s.remotePort, id));
    });
  return bindUdp(ip, port, (sock, _msg, r) => sock.send(answer(r.address, r.port, id), r.port, r.address));
}

function chooser(backends, affinity) {
  let next = 0;
  const sticky = new Map();
  return (clientIp) => {
    if (backends.length === 0) return undefined;
    if (affinity && sticky.has(clientIp)) return sticky.get(clientIp);
    const b = backends[next++ % backends.length];
    if (affinity) sticky.set(clientIp, b);
    return b;
  };
}

function proxy(spec) {
  const pick = chooser(spec.backends, spec.affinity);
  if (spec.proto === 'tcp')
    return listenTcp(spec.ip, spec.port, (client) => {
      client.on('error', () => {});
      const b = pick(client.remoteAddress);
      if (!b) return client.end();
      const upstream = net.connect({ host: b.ip, port: b.port });
      upstream.on('error', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
  const sessions = new Map();
  return bindUdp(spec.ip, spec.port, (sock, msg, r) => {
    const key = `${r.address}:${r.port}`;
    let up = sessions.get(key);
    if (!up) {
      const b = pick(r.address);
      if (!b) return;
      const s = dgram.createSocket('udp4');
      up = { queue: [], send: null };
      s.on('error', () => {});
      s.on('message', (reply) => sock.send(reply, r.port, r.address));
      s.connect(b.port, b.ip, () => {
        up.send = (m) => s.send(m);
        for (const m of up.queue.splice(0)) up.send(m);
      });
      sessions.set(key, up);
    }
    if (up.send) up.send(msg);
    else up.queue.push(msg);
  });
}

try {
  for (const l of args.listen) bound.push(await echo(parseBind(l)));
  for (const p of args.proxy) bound.push(await proxy(parseProxy(p)));
} catch (e) {
  console.error(`echo-server ${args.name}: ${e.message}`);
  process.exit(1);
}
console.log('ready');
process.on('SIGTERM', () => process.exit(0));
// Stdin is a pipe from the test: when the test process dies, even by SIGKILL, it closes.
process.stdin.on('close', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
