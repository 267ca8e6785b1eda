/**
 * Details of whatever is selected in the graph, read from the state and from the dataplane's
 * views of it (its namespaces' addresses, routes and rules, printed in the derive worker).
 */
import type { ReactNode } from 'react';
import { physicalNetwork } from '../core/dataplane/addresses.ts';
import { endpointChain, serviceChain, servicePortName } from '../core/dataplane/kube-proxy/names.ts';
import type { ClusterState } from '../core/model.ts';
import { nsId, type NamespaceId } from '../core/namespace-id.ts';
import { formatCidr } from '../core/net/ipv4.ts';
import { formatPorts } from '../core/print/state.ts';
import type { ElementRef } from '../graph/elements.ts';
import { words, type Language, type Ui } from '../i18n/words.ts';
import type { Inspection, NamespaceView } from '../store/derive-protocol.ts';
import { policiesSelecting } from '../core/policy/selection.ts';
import { PolicyList } from './PolicyList.tsx';

interface Props {
  selection: ElementRef | undefined;
  /** The shown scenario's state. */
  state: ClusterState;
  /** The dataplane's views of the selection; undefined while the worker prints them. */
  inspection: Inspection | undefined;
  /** Why the dataplane's views could not be worked out, in words. */
  failed?: string | undefined;
  language: Language;
  /** The NetworkPolicy shown on the graph, and how to show another. */
  shownPolicy?: string | undefined;
  onShowPolicy?(policy: string): void;
}

function Fields({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="fields">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A printed view; `text` undefined while it is on its way from the worker. */
function Block({ title, text, open = false, empty }: { title: string; text: string | undefined; open?: boolean; empty: string }) {
  return (
    <details open={open}>
      <summary>{title}</summary>
      <pre aria-busy={text === undefined}>{text === undefined ? '…' : text || empty}</pre>
    </details>
  );
}

/** An element whose page is all dataplane, while its views are on their way. */
function Waiting({ title }: { title: string }) {
  return (
    <>
      <h3>{title}</h3>
      <p aria-busy="true">…</p>
    </>
  );
}

function nsOf(inspection: Inspection | undefined, id: NamespaceId): NamespaceView | undefined {
  return inspection?.namespaces.find((n) => n.id === id);
}

function listeners(ns: NamespaceView | undefined): string {
  return (ns?.listeners ?? [])
    .map((l) => `${l.protocol.toLowerCase()} ${l.ip}:${l.port}  ${l.owner.kind === 'pod' ? l.owner.container : l.owner.process}`)
    .join('\n');
}

function body(ref: ElementRef, state: ClusterState, dp: Inspection | undefined, language: Language, policies: Policies): ReactNode {
  const t = words(language).ui;
  /** A namespace's printed view: empty when it has none, undefined while the views are on their way. */
  const view = (ns: NamespaceView | undefined, of: (ns: NamespaceView) => string) => (ns ? of(ns) : dp ? '' : undefined);
  switch (ref.type) {
    case 'physical': {
      const net = physicalNetwork(state.cluster);
      return (
        <>
          <h3>{t.physicalNetwork}</h3>
          <p>{t.physicalNote}</p>
          <Fields
            rows={[
              [t.subnet, net ? formatCidr(net) : '—'],
              [
                t.machines,
                [...state.cluster.nodes.map((n) => `${n.name} ${n.ip}`), ...state.cluster.hosts.map((h) => `${h.name} ${h.ip}`)].join(', '),
              ],
            ]}
          />
        </>
      );
    }
    case 'host': {
      const ns = nsOf(dp, nsId.host(ref.name));
      return (
        <>
          <h3>
            {t.host} {ref.name}
          </h3>
          <p>{t.hostNote}</p>
          <Block title="ip addr" text={view(ns, (n) => n.ipAddr)} empty={t.empty} />
          <Block title="ip route" text={view(ns, (n) => n.ipRoute)} open empty={t.empty} />
          <Block title={t.listening} text={view(ns, listeners)} empty={t.empty} />
        </>
      );
    }
    case 'node':
    case 'routes':
    case 'interface': {
      const name = ref.type === 'node' ? ref.name : ref.node;
      const node = state.cluster.nodes.find((n) => n.name === name);
      const ns = nsOf(dp, nsId.node(name));
      const iface = ref.type === 'interface' ? ns?.interfaces.find((i) => i.name === ref.name) : undefined;
      if (ref.type === 'interface' && !dp) return <Waiting title={t.ifaceOn(ref.name, name)} />;
      return (
        <>
          <h3>{iface ? t.ifaceOn(iface.name, name) : t.nodeNamed(name)}</h3>
          {iface && (
            <Fields
              rows={[
                [t.kind, iface.kind],
                [t.addresses, iface.addresses.join(', ') || '—'],
                ['MAC', iface.mac],
                ...(iface.kind === 'bridge'
                  ? [
                      [
                        t.ports,
                        ns!.interfaces
                          .filter((i) => i.master === iface.name)
                          .map((i) => i.name)
                          .join(', ') || '—',
                      ] as const,
                    ]
                  : []),
              ]}
            />
          )}
          {iface?.kind === 'bridge' && <p>{t.bridgeNote}</p>}
          {!iface && node && (
            <Fields
              rows={[
                ['eth0', `${node.ip}/${node.prefix}`],
                [t.podSubnet, node.podSubnet],
                ['kube-proxy', state.cluster.kubeProxyMode],
                [t.podCount, String(state.pods.filter((p) => p.node === name).length)],
              ]}
            />
          )}
          <Block title="ip route" text={view(ns, (n) => n.ipRoute)} open={ref.type === 'routes'} empty={t.empty} />
          <Block title="ip addr" text={view(ns, (n) => n.ipAddr)} empty={t.empty} />
          <Block title="iptables-save" text={view(ns, (n) => n.iptablesSave)} empty={t.empty} />
          <Block title={t.listening} text={view(ns, listeners)} empty={t.empty} />
        </>
      );
    }
    case 'pod':
    case 'container': {
      const name = ref.type === 'pod' ? ref.name : ref.pod;
      const pod = state.pods.find((p) => p.namespace === ref.namespace && p.name === name);
      if (!pod) return <p>{t.gone}</p>;
      const veth =
        pod.node === undefined
          ? undefined
          : nsOf(dp, nsId.node(pod.node))?.interfaces.find((i) => i.peer?.ns === nsId.pod(pod.namespace, pod.name));
      const container = ref.type === 'container' ? pod.containers.find((c) => c.name === ref.name) : undefined;
      if (container)
        return (
          <>
            <h3>
              {container.role === 'pause' ? t.pauseContainer : t.container} {container.name}
            </h3>
            {container.role === 'pause' ? <p>{t.pauseNote}</p> : <p>{t.appNote}</p>}
            <Fields
              rows={[
                ['ID', <code key="id">{container.id}</code>],
                [t.image, container.image],
                ['NetworkMode', <code key="nm">{container.networkMode}</code>],
                [
                  t.ports,
                  container.portMappings
                    .map((m) => `${m.hostIP}:${m.hostPort}->${m.containerPort}/${m.protocol.toLowerCase()}`)
                    .join(', ') ||
                    container.ports
                      .map((p) => `${p.containerPort}/${p.protocol.toLowerCase()}${p.name ? ` (${p.name})` : ''}`)
                      .join(', ') ||
                    '—',
                ],
                ...(container.env.length ? [['env', container.env.map((e) => `${e.name}=${e.value}`).join(', ')] as const] : []),
              ]}
            />
          </>
        );
      return (
        <>
          <h3>
            Pod {pod.namespace}/{pod.name}
          </h3>
          <Fields
            rows={[
              [t.status, pod.phase],
              ...(pod.why ? [[t.why, words(language).say(pod.why)] as const] : []),
              [t.node, pod.node ?? '—'],
              ['IP', pod.ip ? `${pod.ip}${pod.hostNetwork ? t.hostNetworkIp : ''}` : '—'],
              ['veth', veth ? t.vethToPod(veth.name) : dp ? '—' : '…'],
              [
                t.labels,
                Object.entries(pod.labels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', '),
              ],
              [t.owner, pod.owner ? `${pod.owner.kind} ${pod.owner.name}` : '—'],
              [t.containers, pod.containers.map((c) => `${c.name} ${c.id.slice(0, 12)}`).join(', ') || '—'],
            ]}
          />
          {policies.onShow && (
            <PolicyList
              title={t.policiesOfPod}
              policies={policiesSelecting(state, pod)}
              none={t.policiesNone}
              language={language}
              shown={policies.shown}
              onShow={policies.onShow}
            />
          )}
        </>
      );
    }
    case 'portal':
      return (
        <>
          <h3>
            {t.portalNetwork} {state.cluster.serviceClusterIPRange}
          </h3>
          <p>{t.portalNote}</p>
        </>
      );
    case 'load-balancer': // the load balancer belongs to its service: the service's page says its address
    case 'service': {
      const svc = state.services.find((s) => s.namespace === ref.namespace && s.name === ref.name);
      if (!svc) return <p>{t.gone}</p>;
      const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
      const addresses = (ep?.subsets ?? []).flatMap((s) =>
        s.addresses.flatMap((a) => s.ports.map((p) => `${a.ip}:${p.port}${a.targetRef ? ` (${a.targetRef.name})` : ''}`)),
      );
      const chains =
        svc.clusterIP === 'None'
          ? []
          : svc.ports.map((p) => {
              const spn = servicePortName(svc.namespace, svc.name, p.name);
              const seps = (ep?.subsets ?? []).flatMap((s) =>
                s.addresses.map((a) => endpointChain(spn, p.protocol, `${a.ip}:${s.ports[0]?.port}`)),
              );
              return `${spn} → ${serviceChain(spn, p.protocol)}${seps.length ? `\n  ${seps.join('\n  ')}` : ''}`;
            });
      return (
        <>
          <h3>
            Service {svc.namespace}/{svc.name}
          </h3>
          {addresses.length === 0 && <p className="warning">{t.noEndpoints}</p>}
          <Fields
            rows={[
              [t.type, svc.type],
              [t.clusterIp, svc.clusterIP],
              [t.ports, formatPorts(svc)],
              [
                t.selector,
                svc.selector
                  ? Object.entries(svc.selector)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')
                  : t.manualEndpoints,
              ],
              ...(svc.externalIPs ? [[t.externalIps, svc.externalIPs.join(', ')] as [string, string]] : []),
              ...(svc.externalTrafficPolicy ? [[t.externalTrafficPolicy, svc.externalTrafficPolicy] as [string, string]] : []),
              [
                t.sessionAffinity,
                svc.affinityTimeoutSeconds ? `${svc.sessionAffinity} (${svc.affinityTimeoutSeconds} s)` : svc.sessionAffinity,
              ],
              [t.endpoints, addresses.join(', ') || '<none>'],
            ]}
          />
          {chains.length > 0 && <Block title={t.kubeProxyChains} text={chains.join('\n')} empty={t.empty} />}
        </>
      );
    }
    case 'pending':
      return (
        <>
          <h3>{t.pendingPods}</h3>
          <p>{t.pendingNote}</p>
        </>
      );
    case 'veth': {
      const pod = state.pods.find((p) => p.namespace === ref.namespace && p.name === ref.pod);
      const nodeNs = pod?.node === undefined ? undefined : nsOf(dp, nsId.node(pod.node));
      const nodeEnd = nodeNs?.interfaces.find((i) => i.peer?.ns === nsId.pod(ref.namespace, ref.pod));
      const podEnd = nodeEnd && nsOf(dp, nodeEnd.peer!.ns)?.interfaces.find((i) => i.name === nodeEnd.peer!.ifname);
      if (pod && !dp) return <Waiting title={t.vethOfPod(`${pod.namespace}/${pod.name}`)} />;
      if (!pod || !nodeEnd || !podEnd) return <p>{t.gone}</p>;
      return (
        <>
          <h3>{t.vethOfPod(`${pod.namespace}/${pod.name}`)}</h3>
          <p>{t.linkVeth}</p>
          <Fields
            rows={[
              [t.inThePod, `${podEnd.name} ${podEnd.addresses.join(', ')} ${podEnd.mac}`],
              [
                t.onNode(pod.node ?? ''),
                `${nodeEnd.name}${nodeEnd.master ? ` (${t.portOf} ${nodeEnd.master}${nodeEnd.hairpin ? ', hairpin' : ''})` : ''} ${nodeEnd.mac}`,
              ],
            ]}
          />
        </>
      );
    }
    case 'link':
      return <p>{linkNote(ref.what, t)}</p>;
  }
}

/** What a link of the graph is. */
function linkNote(what: string, t: Ui): string {
  const notes: Record<string, string> = {
    veth: t.linkVeth,
    uplink: t.linkUplink,
    'host-route': t.linkHostRoute,
    join: t.linkJoin,
    endpoint: t.linkEndpoint,
    tunnel: t.linkTunnel,
  };
  return notes[what] ?? what;
}

type Policies = { shown: string | undefined; onShow: ((policy: string) => void) | undefined };

export function Inspector({ selection, state, inspection, failed, language, shownPolicy, onShowPolicy }: Props) {
  const t = words(language).ui;
  return (
    <section
      className="inspector"
      aria-label={t.inspector}
      aria-busy={selection !== undefined && inspection === undefined && failed === undefined}
    >
      {failed && (
        <p className="wrong" role="status">
          {failed}
        </p>
      )}
      {selection ? (
        body(selection, state, inspection, language, { shown: shownPolicy, onShow: onShowPolicy })
      ) : (
        <p className="muted">{t.nothingSelected}</p>
      )}
    </section>
  );
}
