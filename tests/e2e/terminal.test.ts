// The lab's commands typed in the terminal, answered from the simulation.
import { expect, test } from './harness.ts';
import { Packets, Playground, TerminalTab } from './playground.ts';

test("the lab's commands give the lab's facts", async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  const term = new TerminalTab(page);
  await term.open();
  expect(await term.screen()).toContain('[root@k8smaster01 ~]#');

  const ifconfig = await term.run('ifconfig');
  expect(ifconfig).toMatch(/docker0/);
  expect(ifconfig).toMatch(/eth0/);

  const pods = await term.run('kubectl get pods -o wide');
  expect(pods).toMatch(/frontend-\w{5}\s+1\/1\s+Running\s+0\s+\S+\s+172\.17\.1\.\d+\s+k8smaster01/);

  // The book's own commands, verbatim: the lab pins its container IDs and cluster IP.
  const ps = await term.run('docker ps');
  expect(ps).toMatch(/^c6578085541b\s+google_containers\/pause:latest/m);
  expect(ps).toMatch(/^da8251102c93\s+kubeguide\/guestbook-php-frontend\s/m);
  expect(await term.run('docker inspect c6578085541b | grep NetworkMode')).toBe('"NetworkMode": "default",');
  // The line is longer than the terminal is wide: compare it without the wrapping.
  expect((await term.run('docker inspect da8251102c93 | grep NetworkMode')).replace(/\s+/g, '')).toBe(
    '"NetworkMode":"container:c6578085541b6f47ab624134d0ed0be352b30b42379493a71a8fc913d829989c",',
  );
  expect(await term.run('docker port c6578085541b')).toBe('80/tcp -> 0.0.0.0:80');

  const svc = await term.run('kubectl get svc');
  expect(svc).toMatch(/frontend\s+ClusterIP\s+10\.254\.176\.53\s+<none>\s+80\/TCP/);
  expect(await term.run('cat /etc/systemd/system/kube-apiserver.service | grep 10.254')).toContain(
    '--service-cluster-ip-range=10.254.0.0/16',
  );
  expect(await term.run('foo')).toBe('bash: foo: command not found');
  await page.screenshot({ path: 'test-results/terminal.png' });
});

test('kubectl scale changes the manifests, ssh moves to another node, curl animates the flow', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const term = new TerminalTab(page);
  await term.open();
  expect(await term.run('kubectl scale rc frontend --replicas=3')).toBe('replicationcontroller/frontend scaled');
  await p.waitForPods(3);
  expect(await page.locator('.cm-content').innerText()).toContain('replicas: 3');
  await term.run('ssh k8smaster02');
  expect(await term.screen()).toContain('[root@k8smaster02 ~]#');
  expect(await term.run('docker ps | grep pause | wc -l')).toBe('1');
  const svc = /10\.254\.\d+\.\d+/.exec(await term.run('kubectl get svc frontend'))![0];
  const answer = await term.run(`curl ${svc}`);
  expect(answer).toMatch(/frontend-\w{5}/);
  await page.getByRole('tab', { name: 'Packets' }).click();
  await expect.poll(() => new Packets(page).verdict()).toMatch(/Delivered to pod default\/frontend-/);
});
