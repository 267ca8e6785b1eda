// The page as a new user opens it: the lab's scenario in the editor and its network drawn beside.
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';
import { generateScenario } from '../../scripts/bench/scenario.ts';

test('draws the lab: three nodes, the frontend pod with pause and php-redis, the service linked to it', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const nodes = await p.nodes();
  const ids = nodes.map((n) => n.id);
  for (const n of ['k8smaster01', 'k8smaster02', 'k8smaster03']) expect(ids).toContain(`node:${n}`);
  const pods = nodes.filter((n) => n.classes.includes('pod'));
  expect(pods).toHaveLength(1);
  const pod = pods[0]!;
  expect(pod.id).toMatch(/^pod:default\/frontend-[a-z0-9]{5}$/);
  expect(pod.parent).toBe('node:k8smaster01');
  expect(pod.label).toMatch(/172\.17\.1\.\d+/);
  const containers = nodes.filter((n) => n.parent === pod.id);
  expect(containers.map((c) => (c.classes.includes('pause') ? 'pause' : 'app')).sort()).toEqual(['app', 'pause']);
  expect(containers.find((c) => c.classes.includes('pause'))!.label).toContain('0.0.0.0:80→80/tcp');
  // The app container in the pause container's netns: its name and port, and the line joining it to the pause.
  const app = containers.find((c) => c.classes.includes('app'))!;
  const pause = containers.find((c) => c.classes.includes('pause'))!;
  expect(app.label).toBe('php-redis\n:80/tcp');
  expect((await p.edges()).filter((e) => e.source === app.id && e.target === pause.id && e.classes.includes('join'))).toHaveLength(1);
  const svc = nodes.find((n) => n.id === 'svc:default/frontend')!;
  expect(svc.parent).toBe('portal');
  expect(svc.label).toMatch(/10\.254\.\d+\.\d+/);
  expect(nodes.find((n) => n.id === 'portal')!.label).toContain('10.254.0.0/16');
  const edges = await p.edges();
  expect(edges).toContainEqual(expect.objectContaining({ source: 'svc:default/frontend', target: pod.id }));
  expect(edges.some((e) => e.classes.includes('veth') && e.target === pod.id)).toBe(true);
  // The editor is loaded after the graph (a lazy chunk).
  await expect.poll(() => page.locator('[aria-label="Manifests"]').count()).toBe(1);
  expect(await page.locator('[aria-label="Network graph"]').count()).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/page-lab.png' });
});

test('typing replicas: 3 adds two pods on the other nodes without moving anything already drawn', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const before = new Map(
    (await p.nodes())
      .filter((n) => !n.classes.includes('pod') && n.id !== 'portal' && !n.id.startsWith('node:k8s'))
      .map((n) => [n.id, n.position]),
  );
  await p.cursorAfter('replicas: 1');
  await page.keyboard.press('Backspace');
  await p.type('3');
  await p.waitForPods(3);
  await page.waitForTimeout(400); // the short move animation of changed elements
  const after = await p.nodes();
  const pods = after.filter((n) => n.classes.includes('pod'));
  expect(pods.map((n) => n.parent).sort()).toEqual(['node:k8smaster01', 'node:k8smaster02', 'node:k8smaster03']);
  for (const n of after) {
    const old = before.get(n.id);
    if (old) expect(n.position, `${n.id} moved`).toEqual(old);
  }
  // The change is listed.
  await page.getByRole('tab', { name: /What changed/ }).click();
  const changes = await p.inspectorText();
  expect(changes.match(/\+ pod frontend-/g)).toHaveLength(2);
  expect(changes).toMatch(/\+ endpoint 172\.17\.2\.\d+:80 of frontend/);
  await page.screenshot({ path: 'test-results/page-replicas-3.png' });
});

test("an edit keeps the visitor's zoom and pan, even one that removes most of what is drawn", async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const replicas = (n: number) =>
    page.evaluate((count) => {
      const s = window.__store!.getState();
      s.setText(s.text.replace(/replicas: \d+/, `replicas: ${count}`));
      s.commit();
    }, n);
  await replicas(12);
  await p.waitForPods(12);
  const view = () =>
    page.evaluate(() => {
      const cy = window.__graph!.cy;
      return { zoom: cy.zoom(), pan: cy.pan() };
    });
  await page.evaluate(() => {
    window.__graph!.cy.viewport({ zoom: 1.5, pan: { x: -100, y: -50 } });
  });
  const before = await view();
  await replicas(1);
  await p.waitForPods(1);
  expect(await view()).toEqual(before);
});

test('picking another scenario shows it whole; a step of the same lesson keeps the view', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const view = () => p.view();
  // The first picture comes from the worker: let it be fitted before moving the view away.
  await expect.poll(async () => (await view()).whole, { timeout: 10_000 }).toBe(true);
  await page.evaluate(() => {
    window.__graph!.cy.viewport({ zoom: 2, pan: { x: -300, y: -100 } });
  });
  expect((await view()).whole).toBe(false);
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('scaling');
  await expect.poll(async () => (await view()).whole, { timeout: 10_000 }).toBe(true);
  // Another scenario is not an edit: nothing is listed or flashed as changed.
  expect(await page.getByRole('tab', { name: /What changed/ }).innerText()).toBe('What changed');
  expect(await page.evaluate(() => window.__graph!.cy.elements('.changed').length)).toBe(0);
  // The next step of the same lesson (the lab has nine) changes the text, not the scenario: the
  // view is not fitted whole again, it goes to what the step is about (k8smaster01).
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('lab');
  await expect.poll(() => page.locator('.lesson-nav').count(), { timeout: 10_000 }).toBe(1);
  await page.evaluate(() => {
    window.__graph!.cy.viewport({ zoom: 2, pan: { x: -300, y: -100 } });
  });
  await page.locator('.lesson-nav').getByRole('button', { name: /Next/ }).click();
  await expect.poll(() => page.evaluate(() => window.__graph!.focusedIds()), { timeout: 10_000 }).toEqual(['node:k8smaster01']);
  expect((await view()).whole).toBe(false);
});

test("opening a scenario whose pods have the lab's names lists no change", async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  // The lab is open without its lesson; no-endpoints also runs a frontend controller.
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('no-endpoints');
  await expect.poll(() => page.locator('.lesson h3').innerText()).toMatch(/A service without endpoints/);
  await page.waitForTimeout(1000);
  expect(await page.getByRole('tab', { name: /What changed/ }).innerText()).toBe('What changed');
  // An edit after it is listed again.
  await p.edit(/replicas: 2/, 'replicas: 3');
  await expect.poll(() => page.getByRole('tab', { name: /What changed/ }).innerText()).toMatch(/What changed \(\d+\)/);
});

test('an edit after opening a scenario with the same text as the one before is listed', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  // The exercises start from the lab's own text: opening them changes no text.
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('lab');
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('exercises');
  await expect.poll(() => page.locator('.lesson h3').innerText()).toMatch(/Reach the frontend from the laptop/);
  await p.edit(/replicas: 1/, 'replicas: 2');
  await expect.poll(() => page.getByRole('tab', { name: /What changed/ }).innerText()).toMatch(/What changed \(\d+\)/);
});

test('breaking the YAML marks the error at its line and keeps the last graph, marked stale', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await p.cursorAfter('kind: Service');
  await p.type(': [');
  await page.locator('.stale-badge').waitFor();
  expect(await page.locator('.stale-badge').innerText()).toMatch(/\d+ errors? in the manifests/);
  await page.locator('.cm-lintRange-error').first().waitFor();
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problems = await p.inspectorText();
  // At the line that was broken, counted in the text itself (the lab's comments may change).
  const line = (await page.evaluate(() => window.__store!.getState().text)).split('\n').findIndex((l) => l.startsWith('kind: Service')) + 1;
  expect(line).toBeGreaterThan(1);
  expect(problems).toMatch(new RegExp(`^${line}:\\d+ `, 'm'));
  // The graph still shows the service and the pod.
  const ids = (await p.nodes()).map((n) => n.id);
  expect(ids).toContain('svc:default/frontend');
  expect(ids.some((id) => id.startsWith('pod:default/frontend-'))).toBe(true);
  await page.screenshot({ path: 'test-results/page-broken-yaml.png' });
});

test('every kind of element opens in the inspector', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const nodes = await p.nodes();
  const pod = nodes.find((n) => n.classes.includes('pod'))!.id;
  const expectations: [string, RegExp][] = [
    ['net:physical', /Physical network/],
    ['host:laptop', /Host laptop/],
    ['node:k8smaster02', /Node k8smaster02/],
    ['node:k8smaster01/eth0', /eth0 on k8smaster01[\s\S]*172\.24\.8\.71\/24/],
    ['node:k8smaster01/docker0', /docker0 on k8smaster01[\s\S]*bridge/],
    ['node:k8smaster01/routes', /172\.17\.2\.0\/24 via 172\.24\.8\.72 dev eth0/],
    [pod, /Pod default\/frontend-[\s\S]*Running/],
    [`${pod}/POD`, /pause container[\s\S]*NetworkMode\s*default/],
    [`${pod}/php-redis`, /container php-redis[\s\S]*NetworkMode\s*container:[0-9a-f]{64}/],
    ['portal', /Portal network 10\.254\.0\.0\/16/],
    ['svc:default/frontend', /Service default\/frontend[\s\S]*cluster IP\s*10\.254\./],
    [`veth:${pod}`, /veth pair of pod default\/frontend-[\s\S]*eth0 172\.17\.1\.\d+\/24[\s\S]*veth\w+ \(port of docker0/],
  ];
  for (const [id, pattern] of expectations) {
    await p.click(id);
    await page.waitForTimeout(100);
    expect(await p.inspectorText(), `clicking ${id}`).toMatch(pattern);
  }
  // The pause container's full ID is the app container's network mode.
  await p.click(`${pod}/POD`);
  const pauseId = (await p.inspectorText()).match(/ID\s*([0-9a-f]{64})/)![1];
  await p.click(`${pod}/php-redis`);
  expect(await p.inspectorText()).toContain(`container:${pauseId}`);
  await page.screenshot({ path: 'test-results/page-inspector.png' });
});

test('a wheel turned while a large cluster is still being drawn keeps the zoom the visitor chose', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const big = generateScenario(8);
  // The wheel turns as soon as every pod is on the graph, while the drawing still measures its
  // labels for the fit it does at its end (a task at a time, so the page answers the wheel).
  const zoom = await page.evaluate(async ({ text, pods }) => {
    const g = window.__graph!;
    const s = window.__store!.getState();
    s.setText(text);
    s.commit();
    while (g.cy.nodes('.pod').length < pods) await new Promise((next) => setTimeout(next, 0));
    const drawn = new Promise<void>((done) => {
      const off = g.onDrawn(() => (off(), done()));
    });
    const before = g.cy.zoom();
    const box = g.cy.container()!.getBoundingClientRect();
    const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
    g.cy.container()!.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, ...at, bubbles: true, cancelable: true }));
    const wheeled = g.cy.zoom();
    await drawn;
    return { before, wheeled, after: g.cy.zoom() };
  }, big);
  expect(zoom.wheeled, 'the wheel zoomed out').toBeLessThan(zoom.before);
  expect(zoom.after, 'the drawing did not fit the view back').toBe(zoom.wheeled);
});

test('a cluster of eight nodes is simulated in the worker: an edit draws the new pod, lists the rules it rewrote, and the inspector still reads them', async ({
  openPage,
}) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  // The largest generated cluster the graph draws whole (see src/graph/overview.ts).
  const big = generateScenario(8);
  await p.load(big.text);
  await p.waitForPods(big.pods);
  // Another scenario is shown whole, as the first one was, once its last links are drawn.
  const whole = () =>
    page.evaluate(() => {
      const cy = window.__graph!.cy;
      const bb = cy.elements().boundingBox();
      const view = cy.extent();
      return view.x1 <= bb.x1 && view.y1 <= bb.y1 && view.x2 >= bb.x2 && view.y2 >= bb.y2;
    });
  await expect.poll(whole).toBe(true);
  // Zoomed far out with the wheel, it is an overview: no edges, no containers; zoomed in, they
  // are back; an export draws them whatever the zoom. The wheel may come while the drawing's last
  // measures are under way: the view stays where the visitor took it, not fitted back.
  const canvas = (await page.locator('.graph-canvas').boundingBox())!;
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  while ((await page.evaluate(() => window.__graph!.cy.zoom())) > 0.1) await page.mouse.wheel(0, 100);
  const shown = () =>
    page.evaluate(() => {
      const g = window.__graph!;
      const count = () => g.cy.edges(':visible').length + g.cy.nodes('.container:visible').length;
      return { drawn: count(), exported: g.inDetail(count) };
    });
  // The detail follows the zoom on the next frame: on a busy machine a few frames later.
  await expect.poll(async () => (await shown()).drawn).toBe(0);
  const overview = await shown();
  await expect.poll(() => page.locator('.overview-hint').count()).toBe(1);
  expect(overview.exported).toBeGreaterThan(big.pods * 3);
  await page.evaluate(() => {
    window.__graph!.cy.zoom(0.5);
  });
  await expect.poll(async () => (await shown()).drawn).toBe(overview.exported);
  await expect.poll(() => page.locator('.overview-hint').count()).toBe(0);
  await page.evaluate(() => {
    window.__graph!.cy.fit();
  });
  await p.load(big.text.replace(big.editable.replicasLine, big.editable.replicasLine.replace(/\d+/, '6')));
  await p.waitForPods(big.pods + 1);
  const workers = await page.evaluate(
    () => performance.getEntriesByType('resource').filter((e) => e.name.includes('derive-worker')).length,
  );
  expect(workers, 'the worker script was loaded').toBeGreaterThan(0);

  await page.getByRole('tab', { name: /What changed/ }).click();
  await expect.poll(() => p.inspectorText(), { timeout: 20_000 }).toMatch(new RegExp(`\\+ pod ${big.editable.name}-`));
  const changes = await p.inspectorText();
  // One more endpoint behind the service: kube-proxy's rules change on every node.
  expect(changes.match(/~ iptables on node\d+: \+\d+ \/ −\d+ rules/g)).toHaveLength(8);
  await page.screenshot({ path: 'test-results/page-large-edit.png' });

  const pod = (await p.nodes()).find((n) => n.classes.includes('pod') && n.id.includes(big.editable.name))!;
  await page.evaluate((id) => {
    const cy = window.__graph!.cy;
    cy.getElementById(id).emit('tap');
  }, pod.id);
  await page.getByRole('tab', { name: 'Inspector' }).click();
  // The pod's veth is read from the dataplane, which the page builds only now.
  await expect
    .poll(() => p.inspectorText())
    .toMatch(new RegExp(`Pod default/${big.editable.name}-[\\s\\S]*veth\\s*veth\\S+ ↔ eth0 in the pod`));
});
