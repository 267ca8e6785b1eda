/** Details of whatever is selected in the graph, read from the state and the dataplane. */
import type { ReactNode } from 'react';
import { endpointChain, serviceChain, servicePortName } from '../core/dataplane/kube-proxy/names.ts';
import type { Dataplane, NetNamespace } from '../core/dataplane/model.ts';
import type { ClusterState } from '../core/model.ts';
import { iptablesSave } from '../core/netfilter/ruleset.ts';
import { ipAddr, ipRoute } from '../core/print/ip.ts';
import { formatPorts } from '../core/print/state.ts';
import type { ElementRef } from '../graph/elements.ts';
import type { Language } from '../i18n/strings.ts';
import { STRINGS } from '../i18n/strings.ts';

interface Props {
  selection: ElementRef | undefined;
  state: ClusterState;
  dataplane: Dataplane;
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

function nsOf(dp: Dataplane, id: string): NetNamespace | undefined {
  return dp.namespaces.find((n) => n.id === id);
}

function listeners(ns: NetNamespace | undefined): string {
  return (ns?.listeners ?? []).map((l) => `${l.protocol.toLowerCase()} ${l.ip}:${l.port}  ${l.owner.kind === 'pod' ? l.owner.container : l.owner.process}`).join('\n');
}

function body(ref: ElementRef, state: ClusterState, dp: Dataplane): ReactNode {
  switch (ref.type) {
    case 'physical': {
      const first = state.cluster.nodes[0];
      return (
        <>
          <h3>Physical network</h3>
          <p>The machines' own network. Pod addresses never appear here as long as traffic leaving a node to the outside is masqueraded; between nodes, pod subnets are routed.</p>
          <Fields rows={[['subnet', first ? `${first.ip}/${first.prefix}` : '—'], ['machines', [...state.cluster.nodes.map((n) => `${n.name} ${n.ip}`), ...state.cluster.hosts.map((h) => `${h.name} ${h.ip}`)].join(', ')]]} />
        </>
      );
    }
    case 'host': {
      const ns = nsOf(dp, `host:${ref.name}`);
      return (
        <>
          <h3>Host {ref.name}</h3>
          <p>A machine on the physical network outside the cluster.</p>
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
      const ns = nsOf(dp, `node:${name}`);
      const iface = ref.type === 'interface' ? ns?.interfaces.find((i) => i.name === ref.name) : undefined;
      return (
        <>
          <h3>{iface ? `${iface.name} on ${name}` : `Node ${name}`}</h3>
          {iface && (
            <Fields
              rows={[
                ['kind', iface.kind],
                ['addresses', iface.addresses.join(', ') || '—'],
                ['MAC', iface.mac],
                ...(iface.kind === 'bridge' ? [['ports', ns!.interfaces.filter((i) => i.master === iface.name).map((i) => i.name).join(', ') || '—'] as const] : []),
              ]}
            />
          )}
          {iface?.kind === 'bridge' && <p>docker0 is the gateway of every pod on this node; its subnet is routable from the other nodes.</p>}
          {!iface && node && <Fields rows={[['eth0', `${node.ip}/${node.prefix}`], ['pod subnet', node.podSubnet], ['kube-proxy', state.cluster.kubeProxyMode], ['pods', String(state.pods.filter((p) => p.node === name).length)]]} />}
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
      if (!pod) return <p>Gone.</p>;
      const veth = dp.namespaces.find((n) => n.id === `node:${pod.node}`)?.interfaces.find((i) => i.peer?.ns === `pod:${pod.namespace}/${pod.name}`);
      const container = ref.type === 'container' ? pod.containers.find((c) => c.name === ref.name) : undefined;
      if (container)
        return (
          <>
            <h3>
              {container.role === 'pause' ? 'pause container' : 'container'} {container.name}
            </h3>
            {container.role === 'pause' ? (
              <p>The infrastructure container: it holds the pod's network namespace (eth0, the IP) and the port mappings. The app containers join it, so they all share one IP.</p>
            ) : (
              <p>Runs with network mode container:&lt;pause id&gt;: it has no network of its own and listens on the pause container's stack.</p>
            )}
            <Fields
              rows={[
                ['ID', <code key="id">{container.id}</code>],
                ['image', container.image],
                ['NetworkMode', <code key="nm">{container.networkMode}</code>],
                ['ports', container.portMappings.map((m) => `${m.hostIP}:${m.hostPort}->${m.containerPort}/${m.protocol.toLowerCase()}`).join(', ') || container.ports.map((p) => `${p.containerPort}/${p.protocol.toLowerCase()}${p.name ? ` (${p.name})` : ''}`).join(', ') || '—'],
                ...(container.env.length ? [['env', container.env.map((e) => `${e.name}=${e.value}`).join(', ')] as const] : []),
              ]}
            />
          </>
        );
      return (
        <>
          <h3>Pod {pod.namespace}/{pod.name}</h3>
          <Fields
            rows={[
              ['status', pod.phase],
              ...(pod.message ? [['why', pod.message] as const] : []),
              ['node', pod.node ?? '—'],
              ['IP', pod.ip ? `${pod.ip}${pod.hostNetwork ? ' (hostNetwork: the node\'s own)' : ''}` : '—'],
              ['veth', veth ? `${veth.name} ↔ eth0 in the pod` : '—'],
              ['labels', Object.entries(pod.labels).map(([k, v]) => `${k}=${v}`).join(', ')],
              ['owner', pod.owner ? `${pod.owner.kind} ${pod.owner.name}` : '—'],
              ['containers', pod.containers.map((c) => `${c.name} ${c.id.slice(0, 12)}`).join(', ') || '—'],
            ]}
          />
        </>
      );
    }
    case 'portal':
      return (
        <>
          <h3>Service portal network {state.cluster.serviceClusterIPRange}</h3>
          <p>The API server's --service-cluster-ip-range. No interface holds these addresses and no router knows them: a packet to a cluster IP leaves the pod through its default gateway (docker0) and the node's own rules catch it. It must not overlap the pod subnets or the physical network.</p>
        </>
      );
    case 'service': {
      const svc = state.services.find((s) => s.namespace === ref.namespace && s.name === ref.name);
      if (!svc) return <p>Gone.</p>;
      const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
      const addresses = (ep?.subsets ?? []).flatMap((s) => s.addresses.flatMap((a) => s.ports.map((p) => `${a.ip}:${p.port}${a.targetRef ? ` (${a.targetRef.name})` : ''}`)));
      const chains = svc.clusterIP === 'None' ? [] : svc.ports.map((p) => {
        const spn = servicePortName(svc.namespace, svc.name, p.name);
        const seps = (ep?.subsets ?? []).flatMap((s) => s.addresses.map((a) => endpointChain(spn, p.protocol, `${a.ip}:${s.ports[0]?.port}`)));
        return `${spn} → ${serviceChain(spn, p.protocol)}${seps.length ? `\n  ${seps.join('\n  ')}` : ''}`;
      });
      return (
        <>
          <h3>Service {svc.namespace}/{svc.name}</h3>
          {addresses.length === 0 && <p className="warning">No endpoints: connections to it are rejected.</p>}
          <Fields
            rows={[
              ['type', svc.type],
              ['cluster IP', svc.clusterIP],
              ['ports', formatPorts(svc)],
              ['selector', svc.selector ? Object.entries(svc.selector).map(([k, v]) => `${k}=${v}`).join(', ') : '(none: manual Endpoints)'],
              ['session affinity', svc.sessionAffinity],
              ['endpoints', addresses.join(', ') || '<none>'],
            ]}
          />
          {chains.length > 0 && <Block title="kube-proxy chains (iptables mode)" text={chains.join('\n')} />}
        </>
      );
    }
    case 'pending':
      return (
        <>
          <h3>Pending pods</h3>
          <p>The scheduler found no node for these pods: they get no IP and are no service's endpoints.</p>
        </>
      );
    case 'link':
      return <p>{LINKS[ref.what] ?? ref.what}</p>;
  }
}

const LINKS: Record<string, string> = {
  veth: 'A veth pair: one end is eth0 inside the pod, the other a port of docker0 on the node.',
  uplink: "The machine's eth0 on the physical network.",
  'host-route': "The node's own IP stack between eth0 and docker0: with ip_forward on, it routes between the pod subnet and the physical network.",
  join: "The app container shares the pause container's network namespace (network mode container:<pause id>).",
  endpoint: "The service's endpoint: a ready pod its selector matches, at the resolved targetPort.",
};

export function Inspector({ selection, state, dataplane, language }: Props) {
  const t = STRINGS[language];
  return (
    <section className="inspector" aria-label={t.inspector}>
      {selection ? body(selection, state, dataplane) : <p className="muted">{t.nothingSelected}</p>}
    </section>
  );
}
