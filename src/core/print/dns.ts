/**
 * A name lookup in words: the CLI's JSON and lines, and what `nslookup`, `dig` and `host` print for
 * it (bind9 9.18's tools, as Debian ships them). Record lines follow dig's column layout: name,
 * TTL, class, type and data start at columns 0, 24, 32, 40 and 48 (tabs of 8), and a field that
 * reaches past its column is followed by one space instead.
 */
import type { DnsQueryFlow, NameLookup } from '../dns/lookup-flow.ts';
import type { DnsRecord, RecordType, SoaRecord } from '../dns/records.ts';

/** `dns --json`: the queries the resolver sent and what came back. */
export function lookupJson(l: NameLookup) {
  return {
    queries: l.queries.map((q) => ({
      name: q.name,
      type: q.type,
      server: q.server,
      rcode: q.rcode,
      answers: q.answers.map((a) => ({ name: a.name, type: a.type, data: a.data })),
      ...(q.forward ? { forward: { from: q.forward.from, server: q.forward.server, rcode: q.forward.rcode } } : {}),
    })),
  };
}

/** `dns` without --json: one line a query. */
export function printLookup(l: NameLookup): string {
  if (l.queries.length === 0) return ';; no nameserver in the resolver file: nothing is asked';
  return l.queries
    .map(
      (q) =>
        `${q.name} ${q.type} @${q.server}: ${q.rcode}${q.forward ? ` (forwarded to ${q.forward.server}: ${q.forward.rcode})` : ''}${q.answers.map((a) => `\n  ${recordLine(a)}`).join('')}`,
    )
    .join('\n');
}

/** A line as dig prints a record (and as a question, with `;` and no TTL). */
export function recordLine(r: DnsRecord | SoaRecord): string {
  return columns([r.name, String(r.ttl), 'IN', r.type], r.data, [24, 32, 40, 48]);
}

function questionLine(name: string, type: RecordType): string {
  return columns([`;${name}`, 'IN'], type, [32, 40]);
}

/** Fields laid out at tab stops of 8: each field, then tabs up to the next column (one space when past it). */
function columns(fields: readonly string[], last: string, stops: readonly number[]): string {
  let line = '';
  let column = 0;
  fields.forEach((f, i) => {
    line += f;
    column += f.length;
    const stop = stops[i]!;
    if (column >= stop) {
      line += ' ';
      column += 1;
    } else
      while (column < stop) {
        line += '\t';
        column = (Math.floor(column / 8) + 1) * 8;
      }
  });
  return line + last;
}

export interface ToolOutput {
  readonly out: string;
  readonly code: number;
}

const NO_SERVERS = ';; connection timed out; no servers could be reached\n';

/** The query that ended the lookup (the last one sent). */
const final = (l: NameLookup): DnsQueryFlow | undefined => l.queries[l.queries.length - 1];

/** `nslookup NAME` (A): the server, then the answer or why there is none. */
export function nslookupOutput(l: NameLookup, asked: string): ToolOutput {
  const q = final(l);
  if (!q || q.rcode === 'TIMEOUT') return { out: NO_SERVERS + '\n', code: 1 };
  const head = `Server:\t\t${q.server}\nAddress:\t${q.server}#53\n\n`;
  if (q.rcode !== 'NOERROR') return { out: `${head}** server can't find ${asked}: ${q.rcode}\n\n`, code: 1 };
  const lines = q.answers.map((a) =>
    a.type === 'CNAME'
      ? `${a.name.replace(/\.$/, '')}\tcanonical name = ${a.data}`
      : `Name:\t${a.name.replace(/\.$/, '')}\nAddress: ${a.data}`,
  );
  if (lines.length === 0) return { out: `${head}*** Can't find ${asked}: No answer\n\n`, code: 0 };
  return { out: `${head}${lines.join('\n')}\n\n`, code: 0 };
}

/** `host NAME` (or `host -t TYPE NAME`). */
export function hostOutput(l: NameLookup, asked: string): ToolOutput {
  const q = final(l);
  if (!q || q.rcode === 'TIMEOUT') return { out: NO_SERVERS, code: 1 };
  if (q.rcode === 'NXDOMAIN') return { out: `Host ${asked} not found: 3(NXDOMAIN)\n`, code: 1 };
  if (q.rcode === 'REFUSED') return { out: `Host ${asked} not found: 5(REFUSED)\n`, code: 1 };
  if (q.rcode === 'SERVFAIL') return { out: `Host ${asked} not found: 2(SERVFAIL)\n`, code: 1 };
  const lines = q.answers.map((a) => {
    const name = a.name.replace(/\.$/, '');
    if (a.type === 'A') return `${name} has address ${a.data}`;
    if (a.type === 'CNAME') return `${name} is an alias for ${a.data}`;
    return `${name} has SRV record ${a.data}`;
  });
  if (lines.length === 0 && q.type !== 'A') return { out: `${q.name.replace(/\.$/, '')} has no ${q.type} record\n`, code: 0 };
  return { out: lines.map((x) => `${x}\n`).join(''), code: 0 };
}

/** `dig [+short] NAME [TYPE]`: the header, the question and answer sections, and the footer. */
export function digOutput(l: NameLookup, asked: string, argv: string, short: boolean, when: string): ToolOutput {
  const q = final(l);
  const banner = `\n; <<>> DiG 9.18.28-1~deb12u2-Debian <<>> ${argv}\n;; global options: +cmd\n`;
  if (!q || q.rcode === 'TIMEOUT') {
    const server = q?.server ?? '127.0.0.1';
    const err = `;; communications error to ${server}#53: timed out\n`.repeat(3);
    return { out: short ? `${err};; no servers could be reached\n` : `${err}${banner};; no servers could be reached\n`, code: 9 };
  }
  if (short) return { out: q.answers.map((a) => `${a.data}\n`).join(''), code: 0 };
  const answers = q.answers.length;
  const authority = q.authority ? 1 : 0;
  const out = [
    banner.replace(/\n$/, ''),
    ';; Got answer:',
    `;; ->>HEADER<<- opcode: QUERY, status: ${q.rcode}, id: ${queryId(q.name)}`,
    // The zone's own answer is authoritative, without recursion; a forwarded one is the upstream's, recursive.
    ...(q.forward
      ? [`;; flags: qr rd ra; QUERY: 1, ANSWER: ${answers}, AUTHORITY: ${authority}, ADDITIONAL: 1`]
      : [
          `;; flags: qr aa rd; QUERY: 1, ANSWER: ${answers}, AUTHORITY: ${authority}, ADDITIONAL: 1`,
          ';; WARNING: recursion requested but not available',
        ]),
    '',
    ';; OPT PSEUDOSECTION:',
    '; EDNS: version: 0, flags:; udp: 1232',
    ';; QUESTION SECTION:',
    questionLine(q.name, q.type),
    '',
    ...(answers > 0 ? [';; ANSWER SECTION:', ...q.answers.map(recordLine), ''] : []),
    // An answer without records carries the zone's SOA (its negative TTL).
    ...(q.authority ? [';; AUTHORITY SECTION:', recordLine(q.authority), ''] : []),
    ';; Query time: 0 msec',
    `;; SERVER: ${q.server}#53(${q.server}) (UDP)`,
    `;; WHEN: ${when}`,
    `;; MSG SIZE  rcvd: ${messageSize(q)}`,
    '',
  ];
  return { out: `${out.join('\n')}\n`, code: 0 };
}

/** A query ID that stays the same for the same question (a real one is random). */
function queryId(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) & 0xffff;
  return h;
}

/** The reply's size in bytes: header, question, answers (names uncompressed but the owner's), and the OPT record. */
function messageSize(q: DnsQueryFlow): number {
  const nameBytes = (n: string) => (n === '.' ? 1 : n.replace(/\.$/, '').length + 2);
  const question = nameBytes(q.name) + 4;
  const rdata = (a: DnsRecord) =>
    a.type === 'A' ? 4 : a.type === 'CNAME' ? nameBytes(a.data) : 6 + nameBytes(a.data.split(' ')[3] ?? '.');
  const answers = q.answers.reduce((sum, a) => sum + 2 + 10 + rdata(a), 0);
  // The SOA's owner points into the question; its two names, then five 32-bit numbers.
  const [mname = '.', rname = '.'] = q.authority?.data.split(' ') ?? [];
  const authority = q.authority ? 2 + 10 + nameBytes(mname) + nameBytes(rname) + 20 : 0;
  return 12 + question + answers + authority + 11;
}
