#!/usr/bin/env node
// The client of the kernel suite. Run it inside a namespace:
//   ip netns exec NS node tests/kernel/client.mjs --to IP:PORT --proto tcp|udp --count N [--timeout MS] [--parallel P]
// Opens N new connections (each from a new source port; UDP: a new socket sending one datagram)
// and prints ONE JSON line: { "results": [ { "local": "ip:port", "kind", "answer"?, "code"? } ] }
//   kind answer       the server's line (`<id> <peer ip>:<peer port>`)
//        refused      ECONNREFUSED: a TCP RST or an ICMP port unreachable (iptables REJECT or no socket)
//        reset        ECONNRESET after the connection was set up
//        closed       the connection was accepted, then closed without a word
//        unreachable  EHOSTUNREACH / ENETUNREACH (no route, no ARP answer, ICMP host unreachable)
//        timeout      nothing at all within the timeout: the packet was dropped somewhere
//        error        anything else (code says what)
import dgram from 'node:dgram';
import net from 'node:net';

const opts = { to: '', proto: 'tcp', count: 1, timeout: 1500, parallel: 8 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opts)) throw new Error(`unknown argument ${argv[i]}`);
  opts[key] = typeof opts[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
}
const sep = opts.to.lastIndexOf(':');
const host = opts.to.slice(0, sep);
const port = Number(opts.to.slice(sep + 1));

function classify(err) {
  switch (err.code) {
    case 'ECONNREFUSED':
      return { kind: 'refused', code: err.code };
    case 'ECONNRESET':
    case 'EPIPE':
      return { kind: 'reset', code: err.code };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { kind: 'unreachable', code: err.code };
    default:
      return { kind: 'error', code: err.code ?? err.message };
  }
}

function tcpOnce() {
  return new Promise((resolve) => {
    let data = '';
    let local = null;
    let connected = false;
    const sock = net.connect({ host, port });
    const done = (r) => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ local, ...r });
    };
    const timer = setTimeout(() => done({ kind: 'timeout', connected }), opts.timeout);
    sock.on('connect', () => {
      connected = true;
      local = `${sock.localAddress}:${sock.localPort}`;
    });
    sock.on('data', (d) => {
      data += d;
      if (data.includes('\n')) done({ kind: 'answer', answer: data.split('\n')[0] });
    });
    sock.on('end', () => done(data ? { kind: 'answer', answer: data.trim() } : { kind: 'closed' }));
    sock.on('error', (e) => {
      const c = classify(e);
      done(connected && c.kind === 'refused' ? { kind: 'reset', code: e.code } : c);
    });
  });
}

function udpOnce() {
  return new Promise((resolve) => {
    let local = null;
    const sock = dgram.createSocket('udp4');
    const done = (r) => {
      clearTimeout(timer);
      try {
        sock.close();
      } catch {
        // already closed
      }
      resolve({ local, ...r });
    };
    const timer = setTimeout(() => done({ kind: 'timeout' }), opts.timeout);
    sock.on('error', (e) => done(classify(e)));
    sock.on('message', (m) => done({ kind: 'answer', answer: String(m).split('\n')[0] }));
    sock.connect(port, host, () => {
      const a = sock.address();
      local = `${a.address}:${a.port}`;
      sock.send('hello\n');
    });
  });
}

const results = new Array(opts.count);
let next = 0;
async function worker() {
  while (next < opts.count) {
    const i = next++;
    results[i] = await (opts.proto === 'udp' ? udpOnce() : tcpOnce());
  }
}
await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.parallel, opts.count)) }, worker));
process.stdout.write(`${JSON.stringify({ results })}\n`);
