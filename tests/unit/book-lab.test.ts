/**
 * The book's lab, typed verbatim (pod-svc-lab §2.3-2.5, the commands of the book's captures): the
 * built-in lab pins the book's container IDs and cluster IP, so every command prints the book's
 * values. Lower-case `grep networkmode` in the web copy is the page's artefact; the book's shell
 * greps `NetworkMode`.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { textShell } from '../../src/terminal/index.ts';
import { LAB_TEXT } from '../helpers.ts';

const PAUSE_ID = 'c6578085541b6f47ab624134d0ed0be352b30b42379493a71a8fc913d829989c';

describe("the book's commands on the built-in lab", () => {
  const sh = textShell(LAB_TEXT);

  it('kubectl get pods -o wide: the pod runs on k8smaster01 (172.24.8.71) with an address of its docker0 subnet', () => {
    const out = sh.run('kubectl get pods -o wide');
    expect(out).toMatch(/^frontend-[a-z0-9]{5} +1\/1 +Running +0 +\S+ +172\.17\.1\.\d+ +k8smaster01 /m);
  });

  it('docker ps shows the two containers with the book IDs, the mapping on the pause container', () => {
    const out = sh.run('docker ps');
    expect(out).toMatch(/^da8251102c93 +kubeguide\/guestbook-php-frontend .* k8s_php-redis_frontend-[a-z0-9]{5}_default_[0-9a-f-]{36}_0$/m);
    expect(out).toMatch(
      /^c6578085541b +google_containers\/pause:latest .* 0\.0\.0\.0:80->80\/tcp +k8s_POD_frontend-[a-z0-9]{5}_default_[0-9a-f-]{36}_0$/m,
    );
  });

  it('docker inspect … | grep NetworkMode: default for pause, container:<the full pause id> for the app', () => {
    expect(sh.run('docker inspect c6578085541b | grep NetworkMode')).toBe('            "NetworkMode": "default",\n');
    expect(sh.run('docker inspect da8251102c93 | grep NetworkMode')).toBe(`            "NetworkMode": "container:${PAUSE_ID}",\n`);
  });

  it('docker port c6578085541b prints 80/tcp -> 0.0.0.0:80', () => {
    expect(sh.run('docker port c6578085541b')).toBe('80/tcp -> 0.0.0.0:80\n');
  });

  it('kubectl get svc shows frontend at 10.254.176.53, from the range the API server was given', () => {
    expect(sh.run('kubectl get svc')).toMatch(/^frontend +ClusterIP +10\.254\.176\.53 +<none> +80\/TCP +\S+$/m);
    expect(sh.run('cat /etc/systemd/system/kube-apiserver.service | grep 10.254')).toMatch(
      /--service-cluster-ip-range=10\.254\.0\.0\/16 \\$/m,
    );
  });

  it('the pinned IDs go to the first pod only: scaled to three, the other pods draw their own', () => {
    const three = simulate(LAB_TEXT.replace('replicas: 1', 'replicas: 3')).state;
    const ids = three.pods.flatMap((p) => p.containers.map((c) => c.id));
    expect(ids.filter((id) => id === PAUSE_ID)).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('without the pinning lines the IDs and the cluster IP are drawn', () => {
    const unpinned = LAB_TEXT.replace(/^ *kube-netplay\/container-id.*\n/gm, '').replace(/^ *clusterIP: .*\n/m, '');
    const sim = simulate(unpinned);
    expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sim.state.pods[0]!.containers.map((c) => c.id.slice(0, 12))).not.toContain('c6578085541b');
    expect(sim.state.services.find((s) => s.name === 'frontend')!.clusterIP).not.toBe('10.254.176.53');
  });

  it('a malformed pinned ID is refused at its line', () => {
    const bad = LAB_TEXT.replace(PAUSE_ID, 'c6578085541b');
    const errors = simulate(bad).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('64 lower-case hexadecimal digits');
    expect(bad.split('\n')[errors[0]!.line - 1]).toContain('kube-netplay/container-id.POD');
  });
});
