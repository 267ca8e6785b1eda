/** Details of whatever is selected in the graph, read from the state and the dataplane. */
import type { ReactNode } from 'react';
import { physicalNetwork } from '../core/dataplane/addresses.ts';
import { endpointChain, serviceChain, servicePortName } from '../core/dataplane/kube-proxy/names.ts';
import { indexOf } from '../core/dataplane/lookup.ts';
import type { Dataplane, NetNamespace } from '../core/dataplane/model.ts';
import type { ClusterState } from '../core/model.ts';
import { nsId, type NamespaceId } from '../core/namespace-id.ts';
import { formatCidr } from '../core/net/ipv4.ts';
import { iptablesSave } from '../core/netfilter/ruleset.ts';
import { ipAddr, ipRoute } from '../core/print/ip.ts';
import { formatPorts } from '../core/print/state.ts';
import type { ElementRef } from '../graph/elements.ts';
import { words, type Language } from '../i18n/words.ts';

interface Props {
  selection: ElementRef | undefined;
  /** The shown scenario; its dataplane is built only once something is selected. */
  shown: { readonly sim: { readonly state: ClusterState }; readonly dataplane: Dataplane };
  language: Language;
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

function Block({ title, text, open = false }: { title: string; text: string; open?: boolean }) {
  return (
    <details open={open}>
      <summary>{title}</summary>
      <pre>{text || '(empty)'}</pre>
    </details>
  );
}

function nsOf(dp: Dataplane, id: NamespaceId): NetNamespace | undefined {
  return indexOf(dp).namespace(id);
}

function listeners(ns: NetNamespace | undefined): string {
  return (ns?.listeners ?? [])
    .map((l) => `${l.protocol.toLowerCase()} ${l.ip}:${l.port}  ${l.owner.kind === 'pod' ? l.owner.container : l.owner.process}`)
    .join('\n');
}

function body(ref: ElementRef, state: ClusterState, dp: Dataplane, language: Language): ReactNode {
  /** The English and the Chinese of a phrase: the one the visitor reads. */
  const L = (en: string, zh: string) => (language === 'zh' ? zh : en);
  switch (ref.type) {
    case 'physical': {
      const net = physicalNetwork(state.cluster);
      return (
        <>
          <h3>{L('Physical network', '物理网络')}</h3>
          <p>
            {L(
              "The machines' own network. Pod addresses never appear here as long as traffic leaving a node to the outside is masqueraded; between nodes, pod subnets are routed.",
              '机器自己的网络。只要离开节点去往外部的流量被伪装，这里就不会出现 Pod 地址；节点之间，Pod 子网是路由的。',
            )}
          </p>
          <Fields
            rows={[
              [L('subnet', '子网'), net ? formatCidr(net) : '—'],
              [
                L('machines', '机器'),
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
            {L('Host', '主机')} {ref.name}
          </h3>
          <p>{L('A machine on the physical network outside the cluster.', '物理网络上、集群之外的一台机器。')}</p>
          <Block title="ip addr" text={ns ? ipAddr(ns) : ''} />
          <Block title="ip route" text={ns ? ipRoute(ns) : ''} open />
          <Block title="listening" text={listeners(ns)} />
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
      return (
        <>
          <h3>{iface ? `${iface.name} on ${name}` : `Node ${name}`}</h3>
          {iface && (
            <Fields
              rows={[
                [L('kind', '类型'), iface.kind],
                [L('addresses', '地址'), iface.addresses.join(', ') || '—'],
                ['MAC', iface.mac],
                ...(iface.kind === 'bridge'
                  ? [
                      [
                        L('ports', '端口'),
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
          {iface?.kind === 'bridge' && (
            <p>
              {L(
                'docker0 is the gateway of every pod on this node; its subnet is routable from the other nodes.',
                'docker0 是本节点上每个 Pod 的网关；其他节点可以路由到它的子网。',
              )}
            </p>
          )}
          {!iface && node && (
            <Fields
              rows={[
                ['eth0', `${node.ip}/${node.prefix}`],
                [L('pod subnet', 'Pod 子网'), node.podSubnet],
                ['kube-proxy', state.cluster.kubeProxyMode],
                [L('pods', 'Pod 数'), String(state.pods.filter((p) => p.node === name).length)],
              ]}
            />
          )}
          <Block title="ip route" text={ns ? ipRoute(ns) : ''} open={ref.type === 'routes'} />
          <Block title="ip addr" text={ns ? ipAddr(ns) : ''} />
          <Block title="iptables-save" text={ns ? iptablesSave(ns.iptables) : ''} />
          <Block title="listening" text={listeners(ns)} />
        </>
      );
    }
    case 'pod':
    case 'container': {
      const name = ref.type === 'pod' ? ref.name : ref.pod;
      const pod = state.pods.find((p) => p.namespace === ref.namespace && p.name === name);
      if (!pod) return <p>{L('Gone.', '已不存在。')}</p>;
      const veth =
        pod.node === undefined
          ? undefined
          : nsOf(dp, nsId.node(pod.node))?.interfaces.find((i) => i.peer?.ns === nsId.pod(pod.namespace, pod.name));
      const container = ref.type === 'container' ? pod.containers.find((c) => c.name === ref.name) : undefined;
      if (container)
        return (
          <>
            <h3>
              {container.role === 'pause' ? L('pause container', 'pause 容器') : L('container', '容器')} {container.name}
            </h3>
            {container.role === 'pause' ? (
              <p>
                {L(
                  "The infrastructure container: it holds the pod's network namespace (eth0, the IP) and the port mappings. The app containers join it, so they all share one IP.",
                  '基础容器：它持有 Pod 的网络命名空间（eth0、IP）和端口映射。应用容器加入它，因此共享同一个 IP。',
                )}
              </p>
            ) : (
              <p>
                {L(
                  "Runs with network mode container:<pause id>: it has no network of its own and listens on the pause container's stack.",
                  '以网络模式 container:<pause id> 运行：它没有自己的网络，监听在 pause 容器的网络栈上。',
                )}
              </p>
            )}
            <Fields
              rows={[
                ['ID', <code key="id">{container.id}</code>],
                [L('image', '镜像'), container.image],
                ['NetworkMode', <code key="nm">{container.networkMode}</code>],
                [
                  L('ports', '端口'),
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
              [L('status', '状态'), pod.phase],
              ...(pod.message ? [[L('why', '原因'), pod.message] as const] : []),
              [L('node', '节点'), pod.node ?? '—'],
              ['IP', pod.ip ? `${pod.ip}${pod.hostNetwork ? " (hostNetwork: the node's own)" : ''}` : '—'],
              ['veth', veth ? `${veth.name} ↔ eth0 in the pod` : '—'],
              [
                L('labels', '标签'),
                Object.entries(pod.labels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', '),
              ],
              [L('owner', '所属'), pod.owner ? `${pod.owner.kind} ${pod.owner.name}` : '—'],
              [L('containers', '容器'), pod.containers.map((c) => `${c.name} ${c.id.slice(0, 12)}`).join(', ') || '—'],
            ]}
          />
        </>
      );
    }
    case 'portal':
      return (
        <>
          <h3>
            {L('Service portal network', 'Service 虚拟网络（portal）')} {state.cluster.serviceClusterIPRange}
          </h3>
          <p>
            {L(
              `The API server's --service-cluster-ip-range. No interface holds these addresses and no router knows them: a packet to a cluster IP leaves the pod through its default gateway (docker0) and the node's own rules catch it. It must not overlap the pod subnets or the physical network.`,
              '即 API Server 的 --service-cluster-ip-range。没有接口持有这些地址，也没有路由器知道它们：发往集群 IP 的数据包从 Pod 的默认网关（docker0）离开，由节点自己的规则捕获。它不能与 Pod 子网或物理网络重叠。',
            )}
          </p>
        </>
      );
    case 'service': {
      const svc = state.services.find((s) => s.namespace === ref.namespace && s.name === ref.name);
      if (!svc) return <p>{L('Gone.', '已不存在。')}</p>;
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
          {addresses.length === 0 && (
            <p className="warning">{L('No endpoints: connections to it are rejected.', '没有后端：到它的连接会被拒绝。')}</p>
          )}
          <Fields
            rows={[
              [L('type', '类型'), svc.type],
              [L('cluster IP', '集群 IP'), svc.clusterIP],
              [L('ports', '端口'), formatPorts(svc)],
              [
                L('selector', '选择器'),
                svc.selector
                  ? Object.entries(svc.selector)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')
                  : '(none: manual Endpoints)',
              ],
              ...(svc.externalIPs ? [[L('external IPs', '外部 IP'), svc.externalIPs.join(', ')] as [string, string]] : []),
              ...(svc.externalTrafficPolicy
                ? [[L('external traffic policy', '外部流量策略'), svc.externalTrafficPolicy] as [string, string]]
                : []),
              [
                L('session affinity', '会话亲和'),
                svc.affinityTimeoutSeconds ? `${svc.sessionAffinity} (${svc.affinityTimeoutSeconds} s)` : svc.sessionAffinity,
              ],
              [L('endpoints', '后端'), addresses.join(', ') || '<none>'],
            ]}
          />
          {chains.length > 0 && <Block title="kube-proxy chains (iptables mode)" text={chains.join('\n')} />}
        </>
      );
    }
    case 'pending':
      return (
        <>
          <h3>{L('Pending pods', 'Pending 的 Pod')}</h3>
          <p>
            {L(
              "The scheduler found no node for these pods: they get no IP and are no service's endpoints.",
              '调度器没有为这些 Pod 找到节点：它们没有 IP，也不是任何 Service 的后端。',
            )}
          </p>
        </>
      );
    case 'veth': {
      const pod = state.pods.find((p) => p.namespace === ref.namespace && p.name === ref.pod);
      const nodeNs = pod?.node === undefined ? undefined : nsOf(dp, nsId.node(pod.node));
      const nodeEnd = nodeNs?.interfaces.find((i) => i.peer?.ns === nsId.pod(ref.namespace, ref.pod));
      const podEnd = nodeEnd && nsOf(dp, nodeEnd.peer!.ns)?.interfaces.find((i) => i.name === nodeEnd.peer!.ifname);
      if (!pod || !nodeEnd || !podEnd) return <p>{L('Gone.', '已不存在。')}</p>;
      return (
        <>
          <h3>{L(`veth pair of pod ${pod.namespace}/${pod.name}`, `Pod ${pod.namespace}/${pod.name} 的 veth 对`)}</h3>
          <p>{LINKS.veth![language]}</p>
          <Fields
            rows={[
              [L('in the pod', 'Pod 内'), `${podEnd.name} ${podEnd.addresses.join(', ')} ${podEnd.mac}`],
              [
                L(`on ${pod.node}`, `在 ${pod.node} 上`),
                `${nodeEnd.name}${nodeEnd.master ? ` (${L('port of', '端口属于')} ${nodeEnd.master}${nodeEnd.hairpin ? ', hairpin' : ''})` : ''} ${nodeEnd.mac}`,
              ],
            ]}
          />
        </>
      );
    }
    case 'link':
      return <p>{LINKS[ref.what]?.[language] ?? ref.what}</p>;
  }
}

const LINKS: Record<string, Record<Language, string>> = {
  veth: {
    en: 'A veth pair: one end is eth0 inside the pod, the other a port of docker0 on the node.',
    zh: 'veth 对：一端是 Pod 内的 eth0，另一端是节点上 docker0 的一个端口。',
  },
  uplink: { en: "The machine's eth0 on the physical network.", zh: '机器在物理网络上的 eth0。' },
  'host-route': {
    en: "The node's own IP stack between eth0 and docker0: with ip_forward on, it routes between the pod subnet and the physical network.",
    zh: '节点自己在 eth0 与 docker0 之间的 IP 协议栈：开启 ip_forward 后，它在 Pod 子网和物理网络之间路由。',
  },
  join: {
    en: "The app container shares the pause container's network namespace (network mode container:<pause id>).",
    zh: '应用容器共享 pause 容器的网络命名空间（网络模式 container:<pause id>）。',
  },
  endpoint: {
    en: "The service's endpoint: a ready pod its selector matches, at the resolved targetPort.",
    zh: 'Service 的后端：选择器匹配的就绪 Pod，端口为解析后的 targetPort。',
  },
};

export function Inspector({ selection, shown, language }: Props) {
  const t = words(language).ui;
  return (
    <section className="inspector" aria-label={t.inspector}>
      {selection ? body(selection, shown.sim.state, shown.dataplane, language) : <p className="muted">{t.nothingSelected}</p>}
    </section>
  );
}
