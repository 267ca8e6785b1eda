/**
 * A small DNS responder for the kernel suite, run (with tsx) in a network namespace. In a DNS pod's
 * it answers UDP questions on port 53 from the simulator's own zone and rules
 * (src/core/dns/records.ts) and forwards a name outside the zone to UPSTREAM (a real packet through
 * the kernel's rules, as CoreDNS's `forward . /etc/resolv.conf` sends it), passing back its rcode
 * (SERVFAIL when it does not answer within 2 s). As the upstream (`-`, in the first host's
 * namespace) it answers NXDOMAIN to every question, recursion available, as the simulated
 * physical network's resolver does. Each question it gets is printed as a JSON line
 * `{"at": <monotonic ns>, "name", "type", "from"}` so the test can compare what was asked, and
 * from where, with what the tracer says.
 *
 *   tsx tests/kernel/dns-server.ts ZONE.json UPSTREAM     (prints "ready" once bound)
 *   tsx tests/kernel/dns-server.ts - -                     (the upstream)
 *
 * Wire format as RFC 1035 writes it: one question, answers whose owner is the question name are
 * written as a pointer to it (offset 12), any other name in full. Questions of other types (AAAA)
 * get the name's rcode with no answer, as a server with no such record does.
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { answer, inZone, type DnsAnswer, type DnsRecord, type RecordType, type Zone } from '../../src/core/dns/records.ts';

const TYPE_CODES: Readonly<Record<RecordType, number>> = { A: 1, CNAME: 5, SRV: 33 };
const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

const zoneArg = process.argv[2]!;
const upstream = process.argv[3] === '-' ? undefined : process.argv[3];
const zone: Zone | undefined = zoneArg === '-' ? undefined : (JSON.parse(readFileSync(zoneArg, 'utf8')) as Zone);

/** The question: its name (absolute, lower case), type code, and where the question section ends. */
function readQuestion(msg: Buffer): { name: string; qtype: number; end: number } | undefined {
  let at = 12;
  const labels: string[] = [];
  while (at < msg.length) {
    const len = msg[at]!;
    if (len === 0) break;
    if (len > 63) return undefined; // no compression in a question we accept
    labels.push(msg.subarray(at + 1, at + 1 + len).toString('latin1'));
    at += 1 + len;
  }
  if (at + 5 > msg.length) return undefined;
  return { name: `${labels.join('.')}.`.toLowerCase(), qtype: msg.readUInt16BE(at + 1), end: at + 5 };
}

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'latin1')])), Buffer.from([0])]);
}

function rdata(r: DnsRecord): Buffer {
  if (r.type === 'A') return Buffer.from(r.data.split('.').map(Number));
  if (r.type === 'CNAME') return encodeName(r.data);
  const [priority, weight, port, target] = r.data.split(' ');
  const head = Buffer.alloc(6);
  head.writeUInt16BE(Number(priority), 0);
  head.writeUInt16BE(Number(weight), 2);
  head.writeUInt16BE(Number(port), 4);
  return Buffer.concat([head, encodeName(target!)]);
}

function record(r: DnsRecord, question: string): Buffer {
  const owner = r.name === question ? Buffer.from([0xc0, 12]) : encodeName(r.name);
  const data = rdata(r);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE_CODES[r.type], 0);
  fixed.writeUInt16BE(1, 2); // IN
  fixed.writeUInt32BE(r.ttl, 4);
  fixed.writeUInt16BE(data.length, 8);
  return Buffer.concat([owner, fixed, data]);
}

/** The upstream's rcode for a question (the reply's fourth byte, low bits), or SERVFAIL after 2 s without one. */
function forward(msg: Buffer): Promise<DnsAnswer> {
  return new Promise((resolve) => {
    const out = createSocket('udp4');
    const done = (rcode: DnsAnswer['rcode']) => {
      clearTimeout(timer);
      out.close();
      resolve({ rcode, answers: [] });
    };
    const timer = setTimeout(() => done('SERVFAIL'), 2000);
    out.on('message', (r) => {
      const code = r[3]! & 0x0f;
      done((Object.keys(RCODES) as (keyof typeof RCODES)[]).find((k) => RCODES[k] === code) ?? 'SERVFAIL');
    });
    out.send(msg, 53, upstream!);
  });
}

async function reply(msg: Buffer, from: string): Promise<Buffer | undefined> {
  if (msg.length < 12 || msg.readUInt16BE(4) !== 1) return undefined;
  const q = readQuestion(msg);
  if (!q) return undefined;
  const type = (Object.keys(TYPE_CODES) as RecordType[]).find((t) => TYPE_CODES[t] === q.qtype);
  process.stdout.write(`${JSON.stringify({ at: String(process.hrtime.bigint()), name: q.name, type: type ?? q.qtype, from })}\n`);
  const forwarded = !zone || !inZone(zone, q.name);
  const result: DnsAnswer = !zone
    ? { rcode: 'NXDOMAIN', answers: [] }
    : forwarded && upstream
      ? await forward(msg)
      : answer(zone, q.name, type ?? 'A');
  const answers = type ? result.answers : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(msg.readUInt16BE(0), 0);
  // QR, the question's opcode and RD copied; AA for the zone's own answers, RA for a recursive (forwarded) one; the rcode.
  const rd = msg[2]! & 0x01;
  header[2] = 0x80 | (msg[2]! & 0x78) | (forwarded ? 0 : 0x04) | rd;
  header[3] = (forwarded ? 0x80 : 0) | RCODES[result.rcode];
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, msg.subarray(12, q.end), ...answers.map((r) => record(r, q.name))]);
}

const socket = createSocket('udp4');
socket.on('message', (msg, from) => {
  void reply(msg, from.address).then((out) => {
    if (out) socket.send(out, from.port, from.address);
  });
});
socket.bind(53, '0.0.0.0', () => process.stdout.write('ready\n'));
// The test closes stdin to stop the server: none outlives a killed test.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
