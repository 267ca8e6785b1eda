/**
 * Words as data: what the core (and the views built on it) say to a person is a message, a code
 * and the values it names (addresses, chains, names, or another message), never a finished
 * sentence. Each language has a table of templates keyed by code (src/i18n/en.ts, zh.ts, …);
 * `say` fills a template with the values. The code list below is the one catalogue: a table that
 * misses a code does not compile, and tests/unit/messages.test.ts checks that every template
 * names exactly the values its messages carry.
 */

import type { ProblemParams } from './problem-codes.ts';

/** A name, an address, a rule's text: shown as it is in every language. */
export type Literal = string | number;

/** What a message says of each value it names: the values are literals or other messages. */
interface Params extends ProblemParams {
  // The way a packet goes (src/core/trace/walk.ts).
  'hop.send': { who: Literal; proto: Literal; dst: Literal };
  'hop.send-anonymous': { proto: Literal; dst: Literal };
  'hop.route': { route: Text };
  'hop.via': { via: Literal; iface: Literal };
  'hop.route-again': { dst: Literal; route: Text };
  'hop.link': { from: Literal; medium: Message; to: Literal; machine: Literal };
  'hop.bridge': { bridge: Literal; from: Literal; to: Literal };
  'hop.bridge-hairpin': { bridge: Literal; from: Literal; to: Literal };
  'hop.unnat-destination': Empty;
  'hop.unnat-source': Empty;
  'hop.ipvs': { server: Literal; scheduler: Literal; real: Literal };
  'hop.deliver': { who: Message; client: Literal };
  'hop.established': { from: Literal };
  'hop.dns-question': { name: Literal; type: Literal; server: Literal };
  'hop.dns-answer': { name: Literal; type: Literal; rcode: Literal; answers: Text };
  'dns.no-records': Empty;
  'hop.dns-answer-forwarded': { name: Literal; type: Literal; rcode: Literal; answers: Text; upstream: Literal };
  'hop.dns-forward': { name: Literal; type: Literal; server: Literal };
  'hop.dns-upstream-answer': { name: Literal; type: Literal; rcode: Literal; server: Literal };
  'fail.dns-no-nameserver': Empty;
  'fail.dns-timeout': { server: Literal };
  'fail.dns-unresolved': { name: Literal; rcode: Literal };
  // A question the derive worker could not answer (src/store/derive-answer.ts, simulation.ts).
  'question.failed': { detail: Literal };
  'question.time': { seconds: Literal };
  'question.crashed': Empty;
  // A flow the worker could not trace (src/store/questions.ts): the tracer's reason as a detail.
  'trace.failed': { detail: Literal };
  'trace.unresolved': { name: Literal };
  'trace.no-sender': { sender: Literal };
  'hop.vxlan-wrap': { vtep: Literal; vni: Literal; outer: Literal; inner: Literal; mac: Literal; remote: Literal };
  'hop.vxlan-unwrap': { vtep: Literal; vni: Literal; outer: Literal; inner: Literal };
  'route.local': Empty;
  'medium.physical': Empty;
  'medium.veth': Empty;
  'medium.bridge': { bridge: Literal };
  'who.container': { container: Literal; pod: Literal };
  'who.process': { process: Literal; machine: Literal };
  // Where a packet's way ends otherwise.
  'fail.connect-unreachable': { dst: Literal };
  'fail.no-route-icmp': { dst: Literal };
  'fail.no-route': { dst: Literal };
  'fail.dropped-by-rule': Empty;
  'fail.dropped-by-policy': { hook: Literal };
  'fail.rejected-at-node': Empty;
  'fail.looping': Empty;
  'fail.martian': { src: Literal };
  'fail.martian-destination': { dst: Literal; iface: Literal };
  'fail.martian-source': { src: Literal; iface: Literal };
  'fail.no-arp': { address: Literal; iface: Literal };
  'fail.vxlan-no-fdb': { vtep: Literal; mac: Literal };
  'fail.no-bridge-port': { bridge: Literal; address: Literal };
  'fail.hairpin-off': { bridge: Literal; port: Literal };
  'fail.no-forward': { machine: Literal };
  'fail.refused-tcp': { proto: Literal; port: Literal; ns: Literal };
  'fail.refused-udp': { proto: Literal; port: Literal; ns: Literal };
  'fail.reply-misaddressed': { to: Literal; client: Literal };
  'fail.reply-foreign': { from: Literal; talked: Literal };
  'fail.ipvs-empty': { server: Literal };
  'fail.proxy-closes': { proxy: Literal; service: Text };
  'fail.proxy-silent': { proxy: Literal; service: Text };
  'fail.this-port': Empty;
  'fail.policy-ingress': { policies: Literal; peer: Text; port: Literal };
  'fail.policy-egress': { policies: Literal; peer: Text; port: Literal };
  'policy.peer-pod': { pod: Literal; ip: Literal };
  // The reachability matrix (src/core/policy/reachability.ts).
  'reachability.too-many': { pods: Literal; max: Literal };
  // What a rule did (src/core/trace/explain.ts).
  'rule.service-external': { service: Literal };
  'rule.service': { service: Literal };
  'rule.nodeport-from-pod': Empty;
  'rule.nodeport-local': Empty;
  'rule.local-policy': { service: Literal };
  'rule.local-policy-drop': { service: Literal };
  'rule.probability': { probability: Literal };
  'rule.affinity': Empty;
  'rule.last-endpoint': Empty;
  'rule.mark-masquerade': { owner: Literal };
  'rule.docker-local': Empty;
  'rule.docker-bridge': Empty;
  'rule.jump': { chain: Literal };
  'rule.dnat': { owner: Literal; from: Literal; to: Literal };
  'rule.snat': { to: Literal };
  'rule.masquerade': { from: Literal; to: Literal };
  'rule.masquerade-random': { from: Literal; to: Literal };
  'rule.redirect': { port: Literal };
  'rule.mark': { mark: Literal };
  'rule.no-endpoints': { service: Literal };
  'rule.reject': { with: Literal };
  'rule.drop': Empty;
  'rule.localnet-drop': Empty;
  'rule.accept': Empty;
  'rule.return': Empty;
  'rule.nflog': { group: Literal };
  'rule.count-only': Empty;
  'rule.pod-firewall': { pod: Literal };
  'rule.policy': { policy: Literal };
  // What an nftables rule did (src/core/trace/explain-nft.ts).
  'nft.lookup': { key: Literal; map: Literal; verdict: Literal };
  'nft.numgen': { mod: Literal; index: Literal; verdict: Literal };
  'nft.numgen-dnat': { mod: Literal; index: Literal; from: Literal; to: Literal };
  'nft.masquerade': { from: Literal; to: Literal };
  'nft.hairpin-masquerade': { from: Literal; to: Literal };
  'nft.mark-outside': { mark: Literal };
  'nft.affinity-remember': { set: Literal; client: Literal };
  'nft.reject-port': { dst: Literal };
  'nft.drop-unallocated': { dst: Literal };
  'nft.chain': { verdict: Literal };
  // A trace's outcome (the packet panel's last line).
  'verdict.delivered': Empty;
  'verdict.rejected': Empty;
  'verdict.dropped': Empty;
  'verdict.refused': Empty;
  'verdict.unreachable': Empty;
  'verdict.closed': Empty;
  'verdict.line': { verdict: Message; reason: Text };
  'verdict.delivered-to': { to: Text; sees: Literal };
  // Who and where (the hop list's places, the verdict's receiver).
  'place.pod': { name: Literal };
  'place.node': { name: Literal };
  'place.host': { name: Literal };
  'place.container': { name: Literal };
  'peer.pod': { name: Literal };
  'peer.pod-container': { name: Literal; container: Literal };
  'peer.node': { name: Literal };
  'peer.host': { name: Literal };
  // What an edit changed (src/core/diff.ts), listed under "What changed".
  'change.pod': { name: Literal };
  'change.pod-on-node': { name: Literal; node: Literal };
  'change.pod-added': { name: Literal; node: Literal };
  'change.pod-added-pending': { name: Literal };
  'change.pod-removed': { name: Literal };
  'change.pod-moved': { name: Literal; from: Literal; to: Literal };
  'change.service-added': { name: Literal };
  'change.service-removed': { name: Literal };
  'change.endpoint-added': { name: Literal; address: Literal };
  'change.endpoint-removed': { name: Literal; address: Literal };
  'change.hostport-changed': { pod: Message; from: Literal; to: Literal };
  'change.hostport-added': { pod: Message; to: Literal; containerPort: Literal };
  'change.hostport-removed': { pod: Message; from: Literal };
  'change.endpoints-none': { name: Literal };
  'change.endpoints-again': { name: Literal };
  'change.rules': { node: Literal; added: Literal; removed: Literal };
  'change.profile': { from: Literal; to: Literal; fromNode: Literal; toNode: Literal };
  'change.profile-runtime': { from: Literal; to: Literal };
  'change.profile-pod-network': { from: Message; to: Message };
  'change.profile-kube-proxy': { fromVersion: Literal; fromMode: Literal; toVersion: Literal; toMode: Literal };
  'change.profile-interface-gone': { line: Literal };
  'change.profile-interface-added': { line: Literal };
  'change.profile-route-gone': { line: Literal };
  'change.profile-route-added': { line: Literal };
  'change.profile-pod-route-gone': { line: Literal };
  'change.profile-pod-route-added': { line: Literal };
  'change.profile-fdb-gone': { line: Literal };
  'change.profile-fdb-added': { line: Literal };
  'change.profile-neighbour-gone': { line: Literal };
  'change.profile-neighbour-added': { line: Literal };
  'change.profile-chain-gone': { line: Literal };
  'change.profile-chain-added': { line: Literal };
  'change.profile-nft-gone': { line: Literal };
  'change.profile-nft-added': { line: Literal };
  'podnet.docker0': Empty;
  'podnet.ptp': Empty;
  'podnet.cni0': Empty;
  // The flow picker (src/core/flows.ts).
  'flow.hostport': { host: Literal; node: Literal; port: Literal };
  // Export for kind (src/core/export/kind.ts): comments of the exported files.
  'kind-export.config': { profile: Literal };
  'kind-export.book': Empty;
  'kind-export.mode': { mode: Literal; instead: Literal };
  'kind-export.cni': { cni: Literal };
  'kind-export.install-cni': { cni: Literal };
  'kind-export.script': Empty;
  'kind-export.pod-of': { kind: Literal; name: Literal };
  'kind-export.debug': { image: Literal };
  'kind-export.delivered': { who: Text };
  'kind-export.delivered-sees': { who: Text; ip: Literal };
  'kind-export.failed': { verdict: Literal };
  'kind-export.failed-because': { verdict: Literal; reason: Text };
  'flow.hostport-none': { host: Literal };
  'flow.service': { service: Literal };
  'flow.service-none': Empty;
  'flow.pod-to-pod': Empty;
  'flow.egress': { host: Literal };
  'flow.egress-none': Empty;
  'flow.nodeport': { host: Literal; port: Literal };
  'flow.nodeport-none': { host: Literal };
  'flow.missing-hostport': Empty;
  'flow.missing-client': Empty;
  'flow.missing-service': Empty;
  'flow.missing-two-nodes': Empty;
  'flow.missing-egress': Empty;
  'flow.missing-nodeport': Empty;
  'flow.from-pod': { pod: Literal; ip: Literal };
  'flow.to-service': { service: Literal; address: Literal };
  'flow.to-external-ip': { service: Literal; address: Literal };
  'flow.to-nodeport': { service: Literal; node: Literal; address: Literal };
  'flow.to-hostport': { node: Literal; address: Literal; pod: Literal };
  'flow.to-pod': { pod: Literal; address: Literal };
  'flow.to-web-server': { host: Literal; address: Literal };
  // The graph's own words (src/graph/elements.ts).
  'graph.physical': { network: Literal };
  'graph.load-balancer': Empty;
  'graph.routes': Empty;
  'graph.routes-none': Empty;
  'graph.routes-more': { count: Literal };
  'graph.bridge': { name: Literal; address: Literal };
  'graph.ptp': { subnet: Literal };
  'graph.bridge-not-yet': { name: Literal; subnet: Literal };
  'graph.vtep': { vni: Literal };
  'graph.portal': { range: Literal };
  'graph.portal-virtual': Empty;
  'graph.owns-netns': Empty;
  'graph.host-network': Empty;
  'graph.no-services': Empty;
  'graph.pending-pods': Empty;
  'graph.pending': { why: Text };
  // Why a link could not be opened (src/share/link.ts).
  'link.newer': { version: Literal; reads: Literal };
  'link.too-long': { length: Literal; max: Literal };
  'link.too-large': { megabytes: Literal };
  'link.unreadable': Empty;
  'link.not-a-scenario': Empty;
  'link.no-text': Empty;
  'graph.headless': Empty;
  'graph.affinity': { affinity: Literal };
  // An overview past the drawing budget (src/graph/overview.ts).
  'graph.pods-counted': { count: Literal };
  'graph.pending-counted': { count: Literal };
  'graph.services-more': { count: Literal };
}

type Empty = Record<never, never>;

export type MessageCode = keyof Params;

/** A message: its code and the values its template names. */
export interface Message<C extends MessageCode = MessageCode> {
  readonly code: C;
  readonly params: Readonly<Params[C]>;
}

/** Words in a message or a literal shown as it is. */
export type Text = Literal | Message;

/** A language's templates: one per code, `{name}` where a value goes. */
export type Templates = Readonly<Record<MessageCode, string>>;

/** A message of `code`; the values it needs are checked against its code. */
export function msg<C extends MessageCode>(code: C, ...params: [keyof Params[C]] extends [never] ? [] : [Params[C]]): Message<C> {
  return { code, params: (params[0] ?? {}) as Params[C] };
}

export function isMessage(t: unknown): t is Message {
  return typeof t === 'object' && t !== null && 'code' in t && 'params' in t;
}

/**
 * The words of `text` in the language of `templates`: each `{name}` of the template is replaced by
 * its value, itself said in that language when it is a message. A template names no value it is
 * not given (the completeness test checks every table): an unknown name stays as written.
 */
export function say(text: Text, templates: Readonly<Record<string, string>>): string {
  if (!isMessage(text)) return String(text);
  // Every table has every code (the type says so); a code shows as itself should one be missing.
  const template = templates[text.code] ?? text.code;
  const values = text.params as Readonly<Record<string, Text>>;
  let out = '';
  let at = 0;
  for (;;) {
    const open = template.indexOf('{', at);
    const close = open < 0 ? -1 : template.indexOf('}', open);
    if (close < 0) return out + template.slice(at);
    const name = template.slice(open + 1, close);
    const value = values[name];
    out += template.slice(at, open) + (value === undefined ? template.slice(open, close + 1) : say(value, templates));
    at = close + 1;
  }
}

/** The names of the values a template uses, in order. */
export function placeholders(template: string): string[] {
  const names: string[] = [];
  let at = 0;
  for (;;) {
    const open = template.indexOf('{', at);
    const close = open < 0 ? -1 : template.indexOf('}', open);
    if (close < 0) return names;
    names.push(template.slice(open + 1, close));
    at = close + 1;
  }
}
