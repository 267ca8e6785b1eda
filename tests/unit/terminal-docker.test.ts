/**
 * docker on the lab's node (fidelity.md §6, pod-svc-lab §2.3-2.4): the pod's two containers, the
 * pause container holding the network (NetworkMode default, the port mapping) and the app
 * container joined to it (container:<full pause id>), IDs abbreviated as Docker allows.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { textShell } from '../../src/terminal/index.ts';
import { LAB_TEXT, rc, scenario } from '../helpers.ts';

const lab = simulate(LAB_TEXT).state;
const pod = lab.pods[0]!;
const pause = pod.containers.find((c) => c.role === 'pause')!;
const app = pod.containers.find((c) => c.name === 'php-redis')!;

describe('docker ps', () => {
  it('lists the pod pause container and php-redis on the node the pod runs on', () => {
    expect(pod.node).toBe('k8smaster01');
    const out = textShell(LAB_TEXT).run('docker ps');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CONTAINER ID {8}IMAGE {2,}COMMAND {2,}CREATED {2,}STATUS {2,}PORTS {2,}NAMES$/);
    expect(lines).toHaveLength(3);
    // Newest first: the app container was started after the pause container.
    expect(lines[1]).toMatch(
      new RegExp(
        `^${app.id.slice(0, 12)} {8}kubeguide/guestbook-php-frontend +"/bin/sh -c /run.sh" +2 minutes ago +Up 2 minutes +k8s_php-redis_${pod.name}_default_${pod.uid}_0$`,
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(
        `^${pause.id.slice(0, 12)} {8}google_containers/pause:latest +"/pause" +2 minutes ago +Up 2 minutes +0\\.0\\.0\\.0:80->80/tcp +k8s_POD_${pod.name}_default_${pod.uid}_0$`,
      ),
    );
  });

  it('lists nothing on a node without pods, and takes -q and --no-trunc', () => {
    const sh = textShell(LAB_TEXT, { node: 'k8smaster02' });
    expect(sh.run('docker ps').trimEnd().split('\n')).toHaveLength(1);
    const one = textShell(LAB_TEXT);
    expect(one.run('docker ps -q')).toBe(`${app.id.slice(0, 12)}\n${pause.id.slice(0, 12)}\n`);
    expect(one.run('docker ps --no-trunc')).toContain(pause.id);
  });

  it('answers unknown subcommands and flags as docker does', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('docker foo')).toBe("docker: 'foo' is not a docker command.\nSee 'docker --help'\n");
    expect(sh.run('docker ps --bogus')).toBe("unknown flag: --bogus\nSee 'docker ps --help'.\n");
  });
});

describe('docker inspect', () => {
  it('gives NetworkMode default for the pause container and container:<full pause id> for the app', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run(`docker inspect ${pause.id.slice(0, 12)} | grep NetworkMode`)).toBe('            "NetworkMode": "default",\n');
    expect(sh.run(`docker inspect ${app.id.slice(0, 12)} | grep NetworkMode`)).toBe(
      `            "NetworkMode": "container:${pause.id}",\n`,
    );
    expect(pause.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows the pod IP and the port mapping on the pause container only', () => {
    const sh = textShell(LAB_TEXT);
    const pauseJson = JSON.parse(sh.run(`docker inspect ${pause.id}`)) as Record<string, Record<string, unknown>>[];
    expect(pauseJson).toHaveLength(1);
    expect(pauseJson[0]!.Id).toBe(pause.id);
    expect(pauseJson[0]!.Name).toMatch(/^\/k8s_POD_frontend-/);
    expect(pauseJson[0]!.NetworkSettings!.IPAddress).toBe(pod.ip);
    expect(pauseJson[0]!.NetworkSettings!.Ports).toEqual({ '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '80' }] });
    expect(pauseJson[0]!.HostConfig!.PortBindings).toEqual({ '80/tcp': [{ HostIp: '', HostPort: '80' }] });
    const appJson = JSON.parse(sh.run(`docker inspect ${app.id.slice(0, 5)}`)) as Record<string, Record<string, unknown>>[];
    expect(appJson[0]!.NetworkSettings!.IPAddress).toBe('');
    expect(appJson[0]!.NetworkSettings!.Ports).toEqual({});
    expect(appJson[0]!.Config!.Image).toBe('kubeguide/guestbook-php-frontend');
  });

  it('takes a -f template, names, and several containers', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run(`docker inspect -f '{{.HostConfig.NetworkMode}}' ${app.id.slice(0, 4)}`)).toBe(`container:${pause.id}\n`);
    expect(sh.run(`docker inspect --format '{{.NetworkSettings.IPAddress}}' ${pause.id.slice(0, 4)}`)).toBe(`${pod.ip}\n`);
    const byName = sh.run('docker ps').match(/k8s_POD\S+/)![0];
    expect(JSON.parse(sh.run(`docker inspect ${byName}`))[0].Id).toBe(pause.id);
    expect(JSON.parse(sh.run(`docker inspect ${pause.id.slice(0, 3)} ${app.id.slice(0, 3)}`))).toHaveLength(2);
  });

  it('says "No such object" for an unknown ID or one on another node', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('docker inspect abc')).toBe('[]\nError: No such object: abc\n');
    expect(textShell(LAB_TEXT, { node: 'k8smaster02' }).run(`docker inspect ${pause.id.slice(0, 12)}`)).toBe(
      `[]\nError: No such object: ${pause.id.slice(0, 12)}\n`,
    );
    expect(sh.run('docker inspect')).toMatch(/^"docker inspect" requires at least 1 argument\.\nSee 'docker inspect --help'\./);
  });

  it('refuses a prefix that several containers share, as the daemon does', () => {
    const text = scenario(rc('web', 15));
    const state = simulate(text).state;
    const ids = state.pods.filter((p) => p.node === 'k8smaster01').flatMap((p) => p.containers.map((c) => c.id));
    const shared = ids.map((id) => id[0]!).find((ch, i, all) => all.indexOf(ch) !== i)!;
    expect(shared).toBeDefined();
    expect(textShell(text).run(`docker inspect ${shared}`)).toBe(
      `[]\nError response from daemon: Multiple IDs found with provided prefix: ${shared}\n`,
    );
  });
});

describe('docker port', () => {
  it('gives 80/tcp -> 0.0.0.0:80 for the pause container and nothing for the app', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run(`docker port ${pause.id.slice(0, 12)}`)).toBe('80/tcp -> 0.0.0.0:80\n');
    expect(sh.run(`docker port ${pause.id.slice(0, 2)} 80`)).toBe('0.0.0.0:80\n');
    expect(sh.run(`docker port ${app.id.slice(0, 12)}`)).toBe('');
    expect(sh.run('docker port abc')).toBe('Error: No such container: abc\n');
  });
});

describe('docker exec', () => {
  it('runs ip addr, ip route and ifconfig inside the pod namespace', () => {
    const sh = textShell(LAB_TEXT);
    const addr = sh.run(`docker exec ${app.id.slice(0, 12)} ip addr`);
    expect(addr).toContain(`inet ${pod.ip}/24 brd 172.17.1.255 scope global eth0`);
    expect(addr).toMatch(/^\d+: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP>/m);
    expect(addr).not.toContain('docker0');
    expect(sh.run(`docker exec ${app.id.slice(0, 12)} ip route`)).toBe(
      `default via 172.17.1.1 dev eth0\n172.17.1.0/24 dev eth0 proto kernel scope link src ${pod.ip}\n`,
    );
    expect(sh.run(`docker exec ${app.id.slice(0, 3)} ifconfig`)).toMatch(
      new RegExp(
        `^eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet ${pod.ip!.replace(/\./g, '\\.')}  netmask 255\\.255\\.255\\.0  broadcast 172\\.17\\.1\\.255\n`,
      ),
    );
  });

  it('enters the container with -it bash, and exit comes back to the node', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run(`docker exec -it ${app.id.slice(0, 12)} bash`)).toBe('');
    expect(sh.shell.prompt()).toBe(`root@${pod.name}:/# `);
    expect(sh.run('hostname')).toBe(`${pod.name}\n`);
    expect(sh.run('docker ps')).toBe('bash: docker: command not found\n');
    expect(sh.run('env | grep GET_HOSTS_FROM')).toBe('GET_HOSTS_FROM=env\n');
    expect(sh.run('echo $FRONTEND_SERVICE_HOST')).toMatch(/^10\.254\.\d+\.\d+\n$/);
    expect(sh.run('exit')).toBe('exit\n');
    expect(sh.shell.prompt()).toBe('[root@k8smaster01 ~]# ');
  });

  it('finds nothing to run in the pause container', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run(`docker exec ${pause.id.slice(0, 12)} ip addr`)).toMatch(
      /^OCI runtime exec failed: .*executable file not found in \$PATH/,
    );
    expect(sh.run('docker exec abc ip addr')).toBe('Error: No such container: abc\n');
  });
});

describe('docker on a kind node', () => {
  it('is not installed: containerd runs the pods, so bash finds no docker (the book cluster still has it)', () => {
    const kind = scenario(
      { apiVersion: 'kube-netplay/v1', kind: 'Cluster', metadata: { name: 'kind' }, spec: { profile: 'kind' } },
      rc('web', 1),
    );
    expect(textShell(kind).run('docker ps')).toBe('bash: docker: command not found\n');
    expect(textShell(kind).run('/usr/bin/docker ps')).toBe('bash: /usr/bin/docker: command not found\n');
    expect(textShell(LAB_TEXT).run('docker ps')).toMatch(/^CONTAINER ID/);
  });
});
