/**
 * crictl on a kind node (containerd): the pod sandboxes and app containers with crictl's columns
 * (tabwriter minwidth 20, padding 3, IDs cut to 13 characters), inspectp's sandbox status with its
 * CNI network namespace and IP, inspect's container joined to the sandbox's namespaces, as crictl
 * prints JSON (every object's keys sorted). The book's Docker nodes have no crictl.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { textShell } from '../../src/terminal/index.ts';
import { fixture, LAB_TEXT } from '../helpers.ts';

const KIND = fixture('kind.yaml');
const state = simulate(KIND).state;
const onWorker = state.pods.filter((p) => p.node === 'kind-worker');
const pod = onWorker[0]!;
const pause = pod.containers.find((c) => c.role === 'pause')!;
const app = pod.containers.find((c) => c.role === 'app')!;
const worker = () => textShell(KIND, { node: 'kind-worker' });

/** Every object's keys in sorted order, as Go prints a map. */
function keysSorted(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(keysSorted);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    return keys.join('\n') === [...keys].sort().join('\n') && Object.values(v).every(keysSorted);
  }
  return true;
}

describe('crictl pods and ps', () => {
  it('lists the node’s sandboxes with crictl’s columns, the pause container’s ID as the pod ID', () => {
    expect(onWorker).toHaveLength(1);
    const lines = worker().run('crictl pods').trimEnd().split('\n');
    expect(lines).toEqual([
      'POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME',
      `${pause.id.slice(0, 13)}       2 minutes ago       Ready               ${pod.name.padEnd(20)}default             0                   (default)`,
    ]);
    expect(worker().run('crictl pods -q')).toBe(`${pause.id}\n`);
    expect(worker().run('crictl pods --no-trunc')).toContain(`${pause.id}   2 minutes ago`);
  });

  it('lists the app containers, not the pause container, with the image digest and the sandbox they run in', () => {
    const out = worker().run('crictl ps');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD                 NAMESPACE',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${app.id.slice(0, 13)} {7}[0-9a-f]{13} {7}2 minutes ago {7}Running {13}web {17}0 {19}${pause.id.slice(0, 13)} {7}${pod.name} +default$`,
      ),
    );
    expect(lines.some((l) => l.startsWith(pause.id.slice(0, 13)))).toBe(false);
    expect(worker().run('crictl ps -q')).toBe(`${app.id}\n`);
    expect(worker().run('crictl ps --name nomatch').trimEnd().split('\n')).toHaveLength(1);
    expect(worker().run('crictl ps --namespace default -q')).toBe(`${app.id}\n`);
  });

  it('gives the same IDs for the same scenario, in every shell', () => {
    expect(simulate(KIND).state.pods.find((p) => p.name === pod.name)?.containers[0]?.id).toBe(pause.id);
    expect(worker().run('crictl pods -q')).toBe(worker().run('crictl pods -q'));
  });
});

describe('crictl inspectp', () => {
  it('shows the sandbox’s network namespace (cni-<uuid>), its IP and the CNI result, keys sorted as crictl prints them', () => {
    const sh = worker();
    const text = sh.run(`crictl inspectp ${pause.id.slice(0, 6)}`);
    const o = JSON.parse(text);
    expect(Object.keys(o)).toEqual(['info', 'status']);
    expect(keysSorted(o)).toBe(true);
    expect(text).toMatch(/^\{\n {2}"info": \{\n {4}"cniResult": \{/);
    expect(o.status.id).toBe(pause.id);
    expect(o.status.state).toBe('SANDBOX_READY');
    expect(o.status.network.ip).toBe(pod.ip);
    expect(o.status.linux.namespaces.options.network).toBe('POD');
    const netns = o.info.runtimeSpec.linux.namespaces.find((n: { type: string }) => n.type === 'network').path;
    expect(netns).toMatch(/^\/var\/run\/netns\/cni-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(o.info.cniResult.Interfaces.eth0).toEqual({
      IPConfigs: [{ Gateway: '10.244.1.1', IP: pod.ip }],
      Mac: expect.stringMatching(/^[0-9a-f:]{17}$/),
      Sandbox: netns,
    });
    // The host end ptp made is the veth `ip link` lists on the node.
    const hostEnd = Object.keys(o.info.cniResult.Interfaces).find((n) => n.startsWith('veth'))!;
    expect(sh.run('ip link')).toContain(`${hostEnd}@if`);
    expect(o.info.config.port_mappings).toEqual([{ container_port: 80, host_port: 8080 }]);
    expect(o.info.image).toBe('registry.k8s.io/pause:3.10');
  });

  it('answers an unknown ID as containerd does, and takes several IDs as an array', () => {
    expect(worker().run('crictl inspectp zzz')).toBe(
      'ERRO[0000] get pod sandbox status: rpc error: code = NotFound desc = an error occurred when try to find sandbox "zzz": not found\n',
    );
    expect(worker().run('crictl inspectp')).toBe('ERRO[0000] ID cannot be empty\n');
    const two = JSON.parse(worker().run(`crictl inspectp ${pause.id} ${pause.id}`));
    expect(two).toHaveLength(2);
    expect(Object.keys(JSON.parse(worker().run(`crictl inspectp -q ${pause.id}`)))).toEqual(['status']);
  });
});

describe('crictl inspect', () => {
  it('shows the app container joined to its sandbox’s network through the pause process', () => {
    const sh = worker();
    const c = JSON.parse(sh.run(`crictl inspect ${app.id.slice(0, 8)}`));
    const p = JSON.parse(sh.run(`crictl inspectp ${pause.id}`));
    expect(keysSorted(c)).toBe(true);
    expect(c.status.id).toBe(app.id);
    expect(c.status.state).toBe('CONTAINER_RUNNING');
    expect(c.status.image.image).toBe('docker.io/library/nginx:latest');
    expect(c.info.sandboxID).toBe(pause.id);
    expect(c.info.runtimeSpec.linux.namespaces).toContainEqual({ type: 'network', path: `/proc/${p.info.pid}/ns/net` });
    expect(sh.run(`crictl inspect ${pause.id}`)).toMatch(/an error occurred when try to find container/);
  });
});

describe('crictl and docker by runtime', () => {
  it('exists on containerd nodes only; unknown flags and subcommands answer as crictl does', () => {
    expect(textShell(LAB_TEXT).run('crictl pods')).toBe('bash: crictl: command not found\n');
    expect(worker().run('crictl ps --bogus')).toBe(
      'Incorrect Usage: flag provided but not defined: -bogus\nERRO[0000] flag provided but not defined: -bogus\n',
    );
    expect(worker().run('crictl foo; echo $?')).toBe("No help topic for 'foo'\n3\n");
  });

  it('Tab offers crictl and not docker on a kind node, docker and not crictl on the book’s', () => {
    const kind = worker().shell.complete('');
    expect(kind.candidates).toContain('crictl');
    expect(kind.candidates).not.toContain('docker');
    const book = textShell(LAB_TEXT).shell.complete('');
    expect(book.candidates).toContain('docker');
    expect(book.candidates).not.toContain('crictl');
    expect(worker().shell.complete('crictl inspectp ').candidates).toEqual([pause.id.slice(0, 13)]);
    expect(worker().shell.complete('crictl i').candidates).toEqual(['inspect', 'inspectp']);
  });
});
