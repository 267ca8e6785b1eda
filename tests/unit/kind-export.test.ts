/**
 * Export for kind: the config is one kind v1alpha4 takes (checked against a schema written from
 * kind's Go types, strict as kind reads it), the manifests lose only the playground's Cluster
 * document, and the script passes bash -n and, run with stand-in kind/kubectl/curl, writes the
 * config and manifests it carries and sends the scenario's flows with their predicted outcomes.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { kindExport } from '../../src/core/export/kind.ts';
import { simulate } from '../../src/core/index.ts';
import { setKubeProxyMode, setProfile } from '../../src/core/edit.ts';
import { english } from '../../src/i18n/words.ts';
import { fixture, LAB_TEXT } from '../helpers.ts';
import { kindConfigProblems } from './kind-config-schema.ts';

function exported(text: string) {
  const state = simulate(text).state;
  return kindExport(text, state, buildDataplane(state), english);
}

const bashSyntax = (script: string) => spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });

/** Runs the script in a fresh directory with kind, kubectl, curl and docker replaced by stand-ins that log their arguments. */
function withStandIns(script: string) {
  const dir = mkdtempSync(join(tmpdir(), 'kind-export-'));
  try {
    for (const tool of ['kind', 'kubectl', 'curl', 'docker']) {
      writeFileSync(join(dir, tool), `#!/bin/sh\nprintf '%s\\n' "${tool} $*" >> "${dir}/calls"\necho stand-in\n`);
      chmodSync(join(dir, tool), 0o755);
    }
    const run = spawnSync('bash', ['-c', script], { cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' });
    const read = (f: string) => {
      try {
        return readFileSync(join(dir, f), 'utf8');
      } catch {
        return undefined;
      }
    };
    return {
      status: run.status,
      stderr: run.stderr,
      calls: read('calls') ?? '',
      files: { 'kind-config.yaml': read('kind-config.yaml'), 'manifests.yaml': read('manifests.yaml') },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the kind config', () => {
  it('is a v1alpha4 config kind takes, for every profile: nodes with roles, the subnets, the kube-proxy mode', () => {
    for (const text of [LAB_TEXT, fixture('kind.yaml'), fixture('flannel.yaml'), setKubeProxyMode(LAB_TEXT, 'userspace')]) {
      const config = parse(exported(text).config);
      expect(kindConfigProblems(config), text.slice(0, 60)).toEqual([]);
      expect(config.nodes.map((n: { role: string }) => n.role)).toEqual(['control-plane', 'worker', 'worker']);
    }
    const kind = parse(exported(fixture('kind.yaml')).config);
    expect(kind.networking).toEqual({ podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/16', kubeProxyMode: 'iptables' });
    const flannel = parse(exported(fixture('flannel.yaml')).config);
    expect(flannel.networking.disableDefaultCNI).toBe(true);
    const lab = exported(LAB_TEXT).config;
    expect(parse(lab).networking).toEqual({ podSubnet: '172.17.0.0/16', serviceSubnet: '10.254.0.0/16', kubeProxyMode: 'iptables' });
    expect(lab).toMatch(/^# kind cannot build the book's cluster/m);
    const userspace = exported(setKubeProxyMode(LAB_TEXT, 'userspace')).config;
    expect(parse(userspace).networking.kubeProxyMode).toBe('iptables');
    expect(userspace).toContain('# kind has no userspace mode of kube-proxy: iptables instead');
  });

  it('the checker refuses what kind refuses: an unknown field, a mode kind lacks, overlapping subnets, no control plane', () => {
    const base = parse(exported(fixture('kind.yaml')).config);
    expect(kindConfigProblems({ ...base, networking: { ...base.networking, kubeProxyMode: 'userspace' } })).toEqual([
      'config.networking.kubeProxyMode: "userspace" is not one of iptables, ipvs, nftables, none',
    ]);
    expect(kindConfigProblems({ ...base, network: {} })).toEqual(['config.network: unknown field']);
    expect(kindConfigProblems({ ...base, networking: { ...base.networking, serviceSubnet: '10.244.0.0/24' } })).toEqual([
      'config.networking: podSubnet and serviceSubnet overlap',
    ]);
    expect(kindConfigProblems({ ...base, nodes: [{ role: 'worker' }] })).toEqual([
      'config.nodes: must have at least one control-plane node',
    ]);
  });
});

describe('the manifests and the script', () => {
  it('keeps every document but the Cluster one', () => {
    const text = setProfile(LAB_TEXT, 'kind');
    const docs = exported(text).manifests.split(/^---$/m);
    expect(docs.map((d) => (parse(d) as { kind: string }).kind)).toEqual(['ReplicationController', 'Service']);
  });

  it('passes bash -n, and run with stand-ins writes its files and sends each flow after its predicted outcome', () => {
    const text = fixture('kind.yaml');
    const { script, config, manifests } = exported(text);
    expect(bashSyntax(script).status).toBe(0);
    expect(script).toContain('# kube-netplay predicts: answered by a pod of ReplicationController web');
    // Pod to pod across nodes: both pods found by their labels and node, as pod names are random on kind.
    expect(script).toContain(
      `kubectl debug -n default $(kubectl get pods -n default -l app=web --field-selector spec.nodeName=kind-worker -o jsonpath='{.items[0].metadata.name}') -q -i --image=curlimages/curl:8.11.1 -- curl -sS -m 5 -o /dev/null -w '%{http_code}\\n' "http://$(kubectl get pods -n default -l app=web --field-selector spec.nodeName=kind-worker2 -o jsonpath='{.items[0].status.podIP}'):80/"`,
    );
    // A Deployment's random pod-template-hash is no part of a selector.
    expect(script).not.toContain('pod-template-hash');
    const run = withStandIns(script);
    expect(run.status, run.stderr).toBe(0);
    expect(run.files['kind-config.yaml']).toBe(config);
    expect(run.files['manifests.yaml']).toBe(manifests);
    expect(run.calls).toMatch(/^kind create cluster --config kind-config.yaml$/m);
    expect(run.calls).toMatch(/^kubectl apply -f manifests.yaml$/m);
    expect(run.calls).toMatch(
      /^kubectl debug -n default stand-in -q -i --image=curlimages\/curl:8\.11\.1 -- curl -sS -m 5 .* http:\/\/stand-in:80\/$/m,
    );
    // No pod's own image is asked to have curl: every flow from a pod runs in a debug container.
    expect(script).not.toMatch(/kubectl exec/);
    expect(script).toContain(`# A pod's image may have no curl (CoreDNS's has no shell)`);
  });

  it('a manifest line equal to the heredoc delimiter does not end it early', () => {
    const { script, manifests } = exported(`${fixture('kind.yaml')}# a comment line\n`.replace('# a comment line', 'KUBE_NETPLAY_EOF: 1'));
    expect(manifests.split('\n')).toContain('KUBE_NETPLAY_EOF: 1');
    const hostile = exported(
      fixture('kind.yaml').replace(
        'name: web\nspec:\n  replicas',
        'name: web\n  annotations:\n    a: |\n      x\nKUBE_NETPLAY_EOF\n      y\nspec:\n  replicas',
      ),
    );
    for (const e of [{ script, manifests }, hostile]) {
      const run = withStandIns(e.script);
      expect(run.status, run.stderr).toBe(0);
      expect(run.files['manifests.yaml']).toBe(e.manifests);
    }
  });
});
