/**
 * nslookup, dig and host, answered by the pod's (or node's) resolver on the session's running
 * network: each question is a traced UDP packet to the nameserver of /etc/resolv.conf, so the
 * conntrack entries stay and load balancing goes on; the last question is animated. They print
 * what bind9's tools print (src/core/print/dns.ts).
 */
import { lookupFlow, type NameLookup } from '../../core/dns/lookup-flow.ts';
import type { RecordType } from '../../core/dns/records.ts';
import { parseIp } from '../../core/net/ipv4.ts';
import { digOutput, hostOutput, nslookupOutput } from '../../core/print/dns.ts';
import type { Command, CommandResult, Env } from '../types.ts';

/** The time dig prints, the same fixed instant curl's Date header uses. */
const WHEN = 'Thu Nov 26 12:00:00 UTC 2026';
const TYPES: readonly RecordType[] = ['A', 'SRV', 'CNAME'];

function recordType(text: string): RecordType | undefined {
  return TYPES.find((t) => t === text.toUpperCase());
}

/** bind9's tools resolve on their own (not through glibc): `resolver: 'bind'`; curl goes through glibc. */
function run(env: Env, name: string, type: RecordType, ask: { server?: string; search?: boolean; resolver?: 'bind' }): NameLookup {
  const l = lookupFlow(env.data.state, env.session.network(), env.here.source, name, type, ask);
  // The session counts connections by network() calls (a rebuilt network skips their ports): one a question.
  for (let i = 1; i < l.queries.length; i++) env.session.network();
  const last = l.queries[l.queries.length - 1];
  if (last) {
    const request = { from: env.here.source, to: { ip: last.server, port: 53 }, proto: 'udp' as const };
    env.session.context.traceFlow?.(request, last.trace);
    env.session.effect({ kind: 'trace', request, trace: last.trace });
  }
  return l;
}

/** A record type this terminal's tools do not ask for: said as the tool's own usage error. */
const unsupported = (tool: string, type: string): CommandResult => ({
  err: `${tool}: unsupported query type '${type}': ${tool} here asks for A, SRV or CNAME records\n`,
  code: 1,
});

export const nslookup: Command = (args, env) => {
  let type: RecordType = 'A';
  const rest: string[] = [];
  for (const a of args) {
    const m = /^-(?:type|query|q|t)=(.+)$/i.exec(a);
    if (m) {
      const t = recordType(m[1]!);
      if (!t) return unsupported('nslookup', m[1]!);
      type = t;
    } else rest.push(a);
  }
  const [name, server] = rest;
  if (!name) return { err: 'Usage: nslookup [-type=A|SRV|CNAME] NAME [SERVER]\n', code: 1 };
  if (server !== undefined && parseIp(server) === undefined)
    return { err: `nslookup: couldn't get address for '${server}': not found\n`, code: 1 };
  const r = nslookupOutput(run(env, name, type, { ...(server ? { server } : {}), resolver: 'bind' }), name);
  return { out: r.out, code: r.code };
};

export const host: Command = (args, env) => {
  let type: RecordType = 'A';
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-t') {
      const t = recordType(args[++i] ?? '');
      if (!t) return unsupported('host', args[i] ?? '');
      type = t;
    } else rest.push(a);
  }
  const [name, server] = rest;
  if (!name) return { err: 'Usage: host [-t A|SRV|CNAME] NAME [SERVER]\n', code: 1 };
  if (server !== undefined && parseIp(server) === undefined)
    return { err: `host: couldn't get address for '${server}': not found\n`, code: 1 };
  const r = hostOutput(run(env, name, type, { ...(server ? { server } : {}), resolver: 'bind' }), name);
  const using = server ? `Using domain server:\nName: ${server}\nAddress: ${server}#53\nAliases: \n\n` : '';
  return { out: using + r.out, code: r.code };
};

export const dig: Command = (args, env) => {
  let type: RecordType = 'A';
  let server: string | undefined;
  let short = false;
  let search = false;
  let name: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('@')) server = a.slice(1);
    else if (a === '+short') short = true;
    else if (a === '+search') search = true;
    else if (a === '+nosearch') search = false;
    else if (a.startsWith('+'))
      continue; // display options change nothing the playground shows
    else if (a === '-t') {
      const t = recordType(args[++i] ?? '');
      if (!t) return unsupported('dig', args[i] ?? '');
      type = t;
    } else if (name !== undefined && recordType(a)) type = recordType(a)!;
    else if (name === undefined) name = a;
    else if (/^(AAAA|MX|NS|TXT|PTR|SOA|ANY)$/i.test(a)) return unsupported('dig', a);
  }
  if (server !== undefined && parseIp(server) === undefined)
    return { err: `dig: couldn't get address for '${server}': not found\n`, code: 10 };
  if (name === undefined) name = '.';
  const r = digOutput(run(env, name, type, { ...(server ? { server } : {}), search, resolver: 'bind' }), name, args.join(' '), short, WHEN);
  return { out: r.out, code: r.code };
};

/** A pod's resolver after /etc/hosts: the address its cluster DNS gives the name (A), if any. */
export function resolveInPod(env: Env, name: string): string | undefined {
  if (!env.here.pod) return undefined;
  return run(env, name, 'A', {}).address;
}
