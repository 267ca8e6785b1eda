/**
 * The cluster as a graph, drawn from its state and each node's topology (a pure function): the physical
 * network with its hosts, each node with its eth0, docker0 and routes, each pod inside its node
 * with its pause and app containers, and the service portal network. Every leaf carries its
 * position (see layout.ts), so the graph needs no layout run and nothing moves on an edit. Labels
 * are lines of words as data (messages and literals); the view says them in the reader's language.
 */
import { bridgeAddress, physicalNetwork } from '../core/dataplane/addresses.ts';
import { msg, type Text } from '../core/message.ts';
import type { ClusterState, ContainerState, PodState, ServiceState } from '../core/model.ts';
import { nsId } from '../core/namespace-id.ts';
import { formatCidr } from '../core/net/ipv4.ts';
import { containerHeight, LAYOUT, NODE_INNER, nodeColumnX, podSize, routesBox } from './layout.ts';
import { podNetwork } from './pod-network.ts';
import { pendingColumn, serviceColumn, serviceLabel } from './service-column.ts';

/** What an element stands for: the inspector looks it up by this. */
export type ElementRef =
  | { readonly type: 'physical' }
  | { readonly type: 'host'; readonly name: string }
  | { readonly type: 'node'; readonly name: string }
  | { readonly type: 'interface'; readonly node: string; readonly name: string }
  | { readonly type: 'routes'; readonly node: string }
  | { readonly type: 'pod'; readonly namespace: string; readonly name: string }
  | { readonly type: 'container'; readonly namespace: string; readonly pod: string; readonly name: string }
  | { readonly type: 'portal' }
  | { readonly type: 'service'; readonly namespace: string; readonly name: string }
  | { readonly type: 'load-balancer'; readonly namespace: string; readonly name: string; readonly ip: string }
  | { readonly type: 'pending' }
  | { readonly type: 'veth'; readonly namespace: string; readonly pod: string }
  | { readonly type: 'link'; readonly what: string };

/** A label's lines: each a message or a literal (a name, an address). */
export type Lines = readonly Text[];

/** `Label` is `Lines` as drawn from the state, a string once said in a language (LabelledElement). */
export interface GraphNode<Label = Lines> {
  readonly group: 'nodes';
  readonly data: {
    readonly id: string;
    readonly parent?: string;
    readonly label: Label;
    readonly ref: ElementRef;
    readonly width?: number;
    readonly height?: number;
  };
  readonly position?: { readonly x: number; readonly y: number };
  readonly classes: string;
}

export interface GraphEdge<Label = Lines> {
  readonly group: 'edges';
  readonly data: {
    readonly id: string;
    readonly source: string;
    readonly target: string;
    readonly label: Label;
    readonly ref: ElementRef;
  };
  readonly classes: string;
}

export type GraphElement<Label = Lines> = GraphNode<Label> | GraphEdge<Label>;

/** An element whose label is said in one language: what the view draws. */
export type LabelledElement = GraphElement<string>;

export const portalId = 'portal';
export const physicalId = 'net:physical';
// A machine's or a pod's element has its network namespace's id; what is inside it extends that id.
export const nodeId = (name: string): string => nsId.node(name);
export const ifaceId = (node: string, name: string) => `${nodeId(node)}/${name}`;
export const podId = (p: { namespace: string; name: string }): string => nsId.pod(p.namespace, p.name);
export const containerId = (p: { namespace: string; name: string }, c: string) => `${podId(p)}/${c}`;
export const serviceId = (s: { namespace: string; name: string }) => `svc:${s.namespace}/${s.name}`;
export const hostId = (name: string): string => nsId.host(name);
/** The simulated cloud load balancer that answers for a LoadBalancer service's address. */
export const loadBalancerId = (ip: string): string => `lb:${ip}`;

function leaf(
  id: string,
  label: Lines,
  ref: ElementRef,
  classes: string,
  x: number,
  y: number,
  width: number,
  height: number,
  parent?: string,
): GraphNode {
  return { group: 'nodes', data: { id, label, ref, width, height, ...(parent ? { parent } : {}) }, position: { x, y }, classes };
}

function box(id: string, label: Lines, ref: ElementRef, classes: string, parent?: string): GraphNode {
  return { group: 'nodes', data: { id, label, ref, ...(parent ? { parent } : {}) }, classes };
}

function edge(
  id: string,
  source: string,
  target: string,
  label: Lines,
  classes: string,
  ref: ElementRef = { type: 'link', what: classes },
): GraphEdge {
  return { group: 'edges', data: { id, source, target, label, ref }, classes };
}

function short(id: string): string {
  return id.slice(0, 12);
}

function containerLabel(c: ContainerState): Lines {
  if (c.role === 'pause') {
    const maps = c.portMappings.map((m) => `${m.hostIP}:${m.hostPort}→${m.containerPort}/${m.protocol.toLowerCase()}`);
    return [`pause ${short(c.id)}`, msg('graph.owns-netns'), ...maps];
  }
  const ports = c.ports.map((p) => `:${p.containerPort}/${p.protocol.toLowerCase()}`).join(' ');
  // In the pause container's netns (container:<pause>) the line to the pause says so; the host's is written.
  const host = c.networkMode === 'host' ? [msg('graph.host-network')] : [];
  return [c.name, ...host, ...(ports ? [ports] : [])];
}

/** Draws a pod's box at (x, y), its containers one a row inside it; returns the box's height. */
function podElements(pod: PodState, parent: string, x: number, y: number, out: GraphElement[]): number {
  const id = podId(pod);
  const ip = pod.hostNetwork ? `${pod.ip} (hostNetwork)` : (pod.ip ?? '');
  out.push(
    box(
      id,
      [pod.name, ip],
      { type: 'pod', namespace: pod.namespace, name: pod.name },
      `pod${pod.hostNetwork ? ' host-network' : ''}`,
      parent,
    ),
  );
  const [pause, ...apps] = pod.containers;
  const cx = x + NODE_INNER / 2;
  const width = NODE_INNER - 2 * LAYOUT.podPad;
  let top = y + LAYOUT.podLabel;
  const lines: number[] = [];
  if (pause) {
    const label = containerLabel(pause);
    const h = containerHeight(label.length);
    lines.push(label.length);
    out.push(
      leaf(
        containerId(pod, pause.name),
        label,
        { type: 'container', namespace: pod.namespace, pod: pod.name, name: pause.name },
        'container pause',
        cx,
        top + h / 2,
        width,
        h,
        id,
      ),
    );
    top += h + LAYOUT.gap;
  }
  for (const c of apps) {
    const label = containerLabel(c);
    const h = containerHeight(label.length);
    lines.push(label.length);
    const cid = containerId(pod, c.name);
    out.push(
      leaf(
        cid,
        label,
        { type: 'container', namespace: pod.namespace, pod: pod.name, name: c.name },
        'container app',
        cx,
        top + h / 2,
        width,
        h,
        id,
      ),
    );
    if (pause) out.push(edge(`join:${cid}`, cid, containerId(pod, pause.name), [], 'join'));
    top += h + LAYOUT.gap;
  }
  return podSize(lines).height;
}

/** Past this many nodes the mesh of tunnels (one per pair) would hide the nodes: left out. */
const MAX_TUNNEL_NODES = 8;

/** flanneld programs every other node's lease, so each pair of VTEPs is a VXLAN tunnel. */
function vxlanTunnels(out: GraphElement[], state: ClusterState): void {
  const { nodes, profile } = state.cluster;
  if (profile !== 'flannel' || nodes.length > MAX_TUNNEL_NODES) return;
  nodes.forEach((a, i) => {
    for (const b of nodes.slice(i + 1))
      out.push(edge(`tunnel:${a.name}:${b.name}`, ifaceId(a.name, 'flannel.1'), ifaceId(b.name, 'flannel.1'), [], 'tunnel'));
  });
}

/**
 * The graph needs each node's routes and veths, not its rules: it is drawn from the topology
 * alone, so a large cluster is painted before its dataplane is built.
 */
export function graphElements(state: ClusterState): GraphElement[] {
  const out: GraphElement[] = [];
  const { cluster } = state;
  const running = state.pods.filter((p) => p.phase === 'Running' && p.node);
  const net = physicalNetwork(cluster);
  const physical = net ? formatCidr(net) : '';

  // The physical network: a bar across the top. The machines outside the cluster (the hosts, and
  // each load balancer address the simulated cloud gave a LoadBalancer service) hang below it,
  // side by side over the portal network's column: a row of their own above the bar would make
  // the whole graph taller.
  const balancers = state.services.flatMap((svc) => (svc.loadBalancerIngress ?? []).map((ip) => ({ svc, ip })));
  const portalLeft = nodeColumnX(cluster.nodes.length);
  const machineX = (i: number) => portalLeft + LAYOUT.hostWidth / 2 + i * (LAYOUT.hostWidth + LAYOUT.gap * 2);
  const machines = cluster.hosts.length + balancers.length;
  const nodesWidth = Math.max(nodeColumnX(cluster.nodes.length) - LAYOUT.nodeGap, LAYOUT.nodeWidth);
  const width = machines > 0 ? Math.max(nodesWidth, machineX(machines - 1) + LAYOUT.hostWidth / 2) : nodesWidth;
  out.push(
    leaf(
      physicalId,
      [msg('graph.physical', { network: physical })],
      { type: 'physical' },
      'physical',
      width / 2,
      LAYOUT.physicalY,
      width,
      LAYOUT.physicalHeight,
    ),
  );
  const hostY = LAYOUT.hostsTop + LAYOUT.hostHeight / 2;
  cluster.hosts.forEach((h, i) => {
    const x = machineX(i);
    out.push(leaf(hostId(h.name), [h.name, h.ip], { type: 'host', name: h.name }, 'host', x, hostY, LAYOUT.hostWidth, LAYOUT.hostHeight));
    tap(out, hostId(h.name), x, [`eth0 ${h.ip}`]);
  });
  // A load balancer is one line taller than a host, its top level with theirs.
  const balancerHeight = LAYOUT.hostHeight + 20;
  balancers.forEach(({ svc, ip }, j) => {
    const x = machineX(cluster.hosts.length + j);
    const ref: ElementRef = { type: 'load-balancer', namespace: svc.namespace, name: svc.name, ip };
    const label = [msg('graph.load-balancer'), svc.name, ip];
    out.push(
      leaf(loadBalancerId(ip), label, ref, 'host load-balancer', x, LAYOUT.hostsTop + balancerHeight / 2, LAYOUT.hostWidth, balancerHeight),
    );
    tap(out, loadBalancerId(ip), x, []);
  });
  // The portal network's label and services start below the machines.
  const machinesBottom = LAYOUT.hostsTop + (balancers.length > 0 ? balancerHeight : cluster.hosts.length > 0 ? LAYOUT.hostHeight : 0);
  const servicesTop = Math.max(
    LAYOUT.bridgeY - LAYOUT.serviceHeight / 2,
    machines > 0 ? machinesBottom + LAYOUT.gap * 2 + LAYOUT.portalLabel : 0,
  );

  cluster.nodes.forEach((node, i) => {
    const x0 = nodeColumnX(i);
    const cx = x0 + LAYOUT.nodeWidth / 2;
    const nid = nodeId(node.name);
    const onNode = running.filter((p) => p.node === node.name);
    const topology = podNetwork(cluster, node, onNode);
    out.push(box(nid, [node.name], { type: 'node', name: node.name }, 'k8s-node'));
    const eth0 = ifaceId(node.name, 'eth0');
    // flannel's VTEP has a row of its own under eth0 (side by side, neither address would fit its
    // half), and everything below moves down by that row.
    const vx = topology.vtep;
    const below = vx ? LAYOUT.vtepHeight + LAYOUT.gap : 0;
    out.push(
      leaf(
        eth0,
        [`eth0 ${node.ip}/${node.prefix}`],
        { type: 'interface', node: node.name, name: 'eth0' },
        'iface eth0',
        cx,
        LAYOUT.eth0Y,
        NODE_INNER,
        LAYOUT.ifaceHeight,
        nid,
      ),
    );
    tap(out, eth0, cx, []);
    if (vx)
      out.push(
        leaf(
          ifaceId(node.name, vx.name),
          [vx.name, msg('graph.vtep', { vni: vx.vxlan!.vni })],
          { type: 'interface', node: node.name, name: vx.name },
          'iface vtep',
          cx,
          LAYOUT.eth0Y + (LAYOUT.ifaceHeight + LAYOUT.vtepHeight) / 2 + LAYOUT.gap,
          NODE_INNER,
          LAYOUT.vtepHeight,
          nid,
        ),
      );
    const routes = routeLines(topology.routes.filter((r) => r.via && r.dst !== 'default').map((r) => `${r.dst} via ${r.via}`));
    const list = routesBox(routes.length);
    out.push(
      leaf(
        `${nid}/routes`,
        routes.length ? [msg('graph.routes'), ...routes] : [msg('graph.routes-none')],
        { type: 'routes', node: node.name },
        'routes',
        cx,
        list.y + below,
        NODE_INNER,
        list.height,
        nid,
      ),
    );
    const docker0 = ifaceId(node.name, topology.device);
    out.push(
      leaf(
        docker0,
        [
          topology.bridge
            ? msg('graph.bridge', { name: topology.device, address: bridgeAddress(node) })
            : topology.kind === 'ptp'
              ? msg('graph.ptp', { subnet: node.podSubnet })
              : msg('graph.bridge-not-yet', { name: topology.device, subnet: node.podSubnet }),
        ],
        topology.bridge ? { type: 'interface', node: node.name, name: topology.device } : { type: 'routes', node: node.name },
        topology.bridge ? 'bridge' : 'bridge ptp',
        cx,
        LAYOUT.bridgeY + below,
        NODE_INNER,
        LAYOUT.bridgeHeight,
        nid,
      ),
    );
    out.push(edge(`route:${nid}`, eth0, docker0, ['ip_forward'], 'host-route'));
    let y = LAYOUT.podsY + below;
    for (const pod of onNode) {
      y += podElements(pod, nid, x0 + LAYOUT.nodePad, y, out) + LAYOUT.podGap;
      const veth = topology.vethOf.get(`${pod.namespace}/${pod.name}`);
      if (veth)
        out.push(
          edge(`veth:${podId(pod)}`, docker0, podId(pod), [veth], 'veth', { type: 'veth', namespace: pod.namespace, pod: pod.name }),
        );
    }
  });

  vxlanTunnels(out, state);

  // The portal network: virtual, only rules on every node, so it stands apart on the right.
  const services = state.services.filter((s) => !s.builtin);
  const column = serviceColumn(services, servicesTop);
  const portalX = portalLeft + LAYOUT.serviceWidth / 2;
  out.push(
    box(
      portalId,
      [msg('graph.portal', { range: cluster.serviceClusterIPRange }), msg('graph.portal-virtual')],
      { type: 'portal' },
      'portal',
    ),
  );
  services.forEach((svc, i) => {
    const sid = serviceId(svc);
    out.push(
      leaf(
        sid,
        serviceLabel(svc),
        { type: 'service', namespace: svc.namespace, name: svc.name },
        serviceClasses(svc, state),
        portalX,
        column.boxes[i]!.y,
        LAYOUT.serviceWidth,
        column.boxes[i]!.height,
        portalId,
      ),
    );
    const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
    const targets = new Map<string, string>();
    for (const subset of ep?.subsets ?? [])
      for (const a of subset.addresses)
        if (a.targetRef)
          targets.set(
            podId({ namespace: a.targetRef.namespace, name: a.targetRef.name }),
            subset.ports.map((p) => String(p.port)).join(','),
          );
    for (const [pid, ports] of targets) out.push(edge(`ep:${sid}->${pid}`, sid, pid, [`:${ports}`], 'endpoint'));
  });
  if (services.length === 0)
    out.push(
      leaf(
        `${portalId}/empty`,
        [msg('graph.no-services')],
        { type: 'portal' },
        'portal-empty',
        portalX,
        column.boxes[0]!.y,
        LAYOUT.serviceWidth,
        column.boxes[0]!.height,
        portalId,
      ),
    );

  // Pods no node took, set apart with their reason.
  const pending = state.pods.filter((p) => p.phase === 'Pending');
  if (pending.length > 0) {
    out.push(box('pending', [msg('graph.pending-pods')], { type: 'pending' }, 'pending-area'));
    // Under the services (or the note that there are none).
    const boxes = pendingColumn(pending, column.next);
    pending.forEach((pod, i) => {
      out.push(
        leaf(
          podId(pod),
          // The scheduler's own message, in the page's language.
          [pod.name, msg('graph.pending', { why: pod.why ?? pod.reason ?? '' })],
          { type: 'pod', namespace: pod.namespace, name: pod.name },
          'pod pending',
          portalX,
          boxes[i]!.y,
          LAYOUT.serviceWidth,
          boxes[i]!.height,
          'pending',
        ),
      );
    });
  }
  return out;
}

/**
 * The routes a node's box lists: all of them while they fit above docker0, else the first ones
 * and how many more the inspector lists (a node of a 50-node cluster has 49).
 */
function routeLines(routes: string[]): Text[] {
  if (routes.length <= LAYOUT.routeLines) return routes;
  const shown = LAYOUT.routeLines - 1;
  return [...routes.slice(0, shown), msg('graph.routes-more', { count: routes.length - shown })];
}

/** Where a machine plugs into the physical network: a point on the bar's lower edge (every machine hangs below it), clear of its label. */
function tap(out: GraphElement[], machine: string, x: number, label: Lines): void {
  const id = `tap:${machine}`;
  out.push(leaf(id, [], { type: 'physical' }, 'tap', x, LAYOUT.physicalY + LAYOUT.physicalHeight / 2, 10, 10));
  out.push(edge(`link:${machine}`, machine, id, label, 'uplink'));
}

function serviceClasses(svc: ServiceState, state: ClusterState): string {
  const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
  const empty = !ep || ep.subsets.every((s) => s.addresses.length === 0);
  return `service${empty ? ' no-endpoints' : ''}${svc.clusterIP === 'None' ? ' headless' : ''}`;
}
