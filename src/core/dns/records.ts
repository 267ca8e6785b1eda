/**
 * The records a cluster DNS serves, as the Kubernetes DNS-based service discovery specification
 * lists them: A for a ClusterIP service, one A per ready endpoint for a headless one (and one per
 * endpoint under its hostname), SRV for named ports, CNAME for ExternalName; any other name in the zone is
 * NXDOMAIN. Names are absolute and lower case, ending in a dot.
 */
import type { EndpointsState, PodState, Protocol, ServicePortState } from '../model.ts';

export type RecordType = 'A' | 'SRV' | 'CNAME';

export interface DnsRecord {
  readonly name: string;
  readonly type: RecordType;
  readonly ttl: number;
  /** A: the address; SRV: `priority weight port target`; CNAME: the target. */
  readonly data: string;
}

/** The fields of a service the records read; externalName for an ExternalName service. */
export interface DnsService {
  readonly namespace: string;
  readonly name: string;
  readonly clusterIP?: string;
  readonly externalName?: string;
  readonly ports: readonly Pick<ServicePortState, 'name' | 'port' | 'protocol'>[];
}

/** A pod's hostname and subdomain (spec.hostname, spec.subdomain), which name its endpoint in a headless service. */
export type PodNames = Pick<PodState, 'namespace' | 'name'> & { readonly hostname?: string; readonly subdomain?: string };

export interface ZoneInput {
  readonly domain: string;
  readonly ttl: number;
  readonly services: readonly DnsService[];
  readonly endpoints: readonly EndpointsState[];
  readonly pods: readonly PodNames[];
}

export interface Zone {
  readonly domain: string;
  /** The records' TTL, also the zone's negative TTL (its SOA's minimum). */
  readonly ttl: number;
  readonly records: readonly DnsRecord[];
}

/** A zone's SOA record, as an answer without records carries it in its authority section. */
export interface SoaRecord {
  readonly name: string;
  readonly ttl: number;
  readonly type: 'SOA';
  /** `mname rname serial refresh retry expire minimum`. */
  readonly data: string;
}

/** The zone's serial: a fixed instant (the one dig's WHEN prints), as the cluster never changes under a question. */
const SERIAL = 1795694400;

/**
 * The SOA CoreDNS's kubernetes plugin sends with NXDOMAIN and NODATA: ns.dns and hostmaster under
 * the zone, refresh 7200, retry 1800, expire 86400, and the record TTL as TTL and minimum.
 */
export function soaOf(zone: Zone): SoaRecord {
  const data = `ns.dns.${zone.domain} hostmaster.${zone.domain} ${SERIAL} 7200 1800 86400 ${zone.ttl}`;
  return { name: zone.domain, ttl: zone.ttl, type: 'SOA', data };
}

const absolute = (name: string) => (name.endsWith('.') ? name : `${name}.`).toLowerCase();
const proto = (p: Protocol) => `_${p.toLowerCase()}`;

export function buildZone(input: ZoneInput): Zone {
  const records: DnsRecord[] = [];
  const add = (name: string, type: RecordType, data: string) => records.push({ name: absolute(name), type, ttl: input.ttl, data });
  for (const svc of input.services) {
    const fqdn = `${svc.name}.${svc.namespace}.svc.${input.domain}`;
    if (svc.externalName !== undefined) {
      add(fqdn, 'CNAME', absolute(svc.externalName));
      continue;
    }
    if (svc.clusterIP !== undefined && svc.clusterIP !== 'None') {
      add(fqdn, 'A', svc.clusterIP);
      for (const p of svc.ports) if (p.name) add(`_${p.name}.${proto(p.protocol)}.${fqdn}`, 'SRV', `0 100 ${p.port} ${absolute(fqdn)}`);
      continue;
    }
    // Headless: the ready endpoints themselves, each under its hostname too.
    const ready = readyEndpoints(input, svc);
    for (const e of ready) add(fqdn, 'A', e.ip);
    for (const e of ready) add(`${e.hostname}.${fqdn}`, 'A', e.ip);
    for (const p of svc.ports) {
      if (!p.name) continue;
      for (const e of ready)
        add(
          `_${p.name}.${proto(p.protocol)}.${fqdn}`,
          'SRV',
          `0 ${srvWeight(ready.length)} ${e.port(p.name)} ${absolute(`${e.hostname}.${fqdn}`)}`,
        );
    }
  }
  return { domain: absolute(input.domain), ttl: input.ttl, records };
}

/** Each endpoint gets an equal share of 100, as CoreDNS writes headless SRV weights. */
function srvWeight(count: number): number {
  return Math.floor(100 / count);
}

interface ReadyEndpoint {
  readonly ip: string;
  /** The endpoint's hostname, or (as CoreDNS names one without) its address with dashes: 172-17-1-2. */
  readonly hostname: string;
  readonly port: (name: string) => number;
}

/** The endpoints of a headless service, each with the hostname the endpoints controller gives it (pod hostname, subdomain = the service). */
function readyEndpoints(input: ZoneInput, svc: DnsService): ReadyEndpoint[] {
  const ep = input.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
  const list: ReadyEndpoint[] = [];
  for (const subset of ep?.subsets ?? [])
    for (const a of subset.addresses) {
      const pod = a.targetRef ? input.pods.find((p) => p.namespace === a.targetRef!.namespace && p.name === a.targetRef!.name) : undefined;
      const hostname = pod?.hostname && pod.subdomain === svc.name ? pod.hostname : a.ip.replaceAll('.', '-');
      const port = (name: string) => subset.ports.find((p) => p.name === name)?.port ?? 0;
      if (!list.some((e) => e.ip === a.ip)) list.push({ ip: a.ip, port, hostname });
    }
  return list;
}

export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';

export interface DnsAnswer {
  readonly rcode: Rcode;
  readonly answers: readonly DnsRecord[];
}

/** Whether a name is the zone's or under it (the names its server answers itself; it forwards the rest). */
export function inZone(zone: Zone, question: string): boolean {
  const name = absolute(question);
  return name === zone.domain || name.endsWith(`.${zone.domain}`);
}

/**
 * The server's answer to one question. A name under the zone that has no record of any type is
 * NXDOMAIN; a name with records of other types is NOERROR with no answer (NODATA); a CNAME answers
 * every type. A name outside the zone is not this zone's to answer: a server that only holds the
 * zone refuses it (the cluster DNS forwards it instead, see lookup-flow.ts).
 */
export function answer(zone: Zone, question: string, type: RecordType): DnsAnswer {
  const name = absolute(question);
  if (!inZone(zone, name)) return { rcode: 'REFUSED', answers: [] };
  const here = zone.records.filter((r) => r.name === name);
  const alias = here.find((r) => r.type === 'CNAME');
  if (alias && type !== 'CNAME') return { rcode: 'NOERROR', answers: [alias] };
  if (here.length === 0 && !zone.records.some((r) => r.name.endsWith(`.${name}`))) return { rcode: 'NXDOMAIN', answers: [] };
  return { rcode: 'NOERROR', answers: here.filter((r) => r.type === type) };
}
