// The first page of kube-netplay shows the lab's default scenario as kubectl-like text in
//   <pre data-testid="cluster-state" aria-label="Cluster state">
// with sections PODS, CONTAINERS and SERVICES (a title line, a header line, then rows; columns are
// separated by 2+ spaces). These tests read that text the way a person would and check the
// networking facts of the scenario, never exact generated names, ids or addresses.
import type { Page } from 'playwright-core';
import { expect, test, type OpenPage } from './harness.ts';

type Row = Record<string, string>;
type Sections = Map<string, Row[]>;

const SECTION_TITLE = /^[A-Z][A-Z0-9_-]*(?: [A-Z0-9_-]+)*$/; // e.g. PODS; no run of 2+ spaces

/** Cells of a table line with where each starts: separated by 2+ spaces (or a tab). */
function cells(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ text: m[0], start: m.index });
  return out;
}

/**
 * Parses the cluster-state text into sections of rows keyed by column header. A row with as many
 * cells as headers is read in order; a shorter one (an empty column) by where its cells start.
 */
function parseClusterState(text: string): Sections {
  const sections: Sections = new Map();
  let headers: { text: string; start: number }[] | undefined;
  let rows: Row[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\t/g, '  ').trimEnd();
    if (line.trim() === '') continue;
    if (!/\S {2}/.test(line.trim()) && SECTION_TITLE.test(line.trim())) {
      rows = [];
      headers = undefined;
      sections.set(line.trim(), rows);
      continue;
    }
    if (!rows) continue; // text before the first section
    if (!headers) {
      headers = cells(line);
      continue;
    }
    const row: Row = {};
    const found = cells(line);
    found.forEach((cell, i) => {
      let col = headers![i];
      if (found.length !== headers!.length) {
        // the header that starts last at or before this cell (kubectl aligns columns)
        col = [...headers!].reverse().find((h) => h.start <= cell.start) ?? headers![0];
      }
      if (col) row[col.text] = cell.text;
    });
    rows.push(row);
  }
  return sections;
}

function ipv4ToInt(ip: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) throw new Error(`not an IPv4 address: "${ip}"`);
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) throw new Error(`not an IPv4 address: "${ip}"`);
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [net = '', bits = ''] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const base = ipv4ToInt(net);
  const n = ipv4ToInt(ip);
  return n >= base && n < base + size;
}

function hostPart(ip: string, cidr: string): number {
  const size = 2 ** (32 - Number(cidr.split('/')[1]));
  return ipv4ToInt(ip) % size;
}

/** Each node of the default scenario and the subnet of its docker0 bridge. */
const DOCKER0_SUBNET: Record<string, string> = { k8smaster01: '172.17.1.0/24' };
const SERVICE_CIDR = '10.254.0.0/16';
const PAUSE_IMAGE = 'google_containers/pause:latest';

function section(s: Sections, title: string): Row[] {
  const rows = s.get(title);
  expect(rows, `section ${title} in the cluster state (found: ${[...s.keys()].join(', ')})`).toBeDefined();
  return rows ?? [];
}

function frontendPod(s: Sections): Row {
  const pods = section(s, 'PODS').filter((r) => r.NAMESPACE === 'default' && /^frontend-/.test(r.NAME ?? ''));
  expect(pods, 'exactly one frontend-* pod in namespace default').toHaveLength(1);
  return pods[0]!;
}

function frontendContainers(s: Sections): { pause: Row; php: Row } {
  const podName = frontendPod(s).NAME;
  const rows = section(s, 'CONTAINERS').filter((r) => r.POD === podName);
  const pause = rows.filter((r) => r.IMAGE === PAUSE_IMAGE);
  const php = rows.filter((r) => r.CONTAINER === 'php-redis');
  expect(pause, `one ${PAUSE_IMAGE} container in pod ${podName}`).toHaveLength(1);
  expect(php, `one php-redis container in pod ${podName}`).toHaveLength(1);
  return { pause: pause[0]!, php: php[0]! };
}

/** Opens the site and returns the page and the parsed cluster state once it is rendered. */
async function loadClusterState(openPage: OpenPage): Promise<{ page: Page; state: Sections; text: string }> {
  const page = await openPage();
  const pre = page.locator('pre[data-testid="cluster-state"]');
  await pre.waitFor({ state: 'visible', timeout: 20_000 });
  await expect.poll(() => pre.textContent(), { timeout: 20_000 }).toMatch(/SERVICES/);
  expect(await pre.getAttribute('aria-label')).toBe('Cluster state');
  const text = (await pre.textContent()) ?? '';
  return { page, state: parseClusterState(text), text };
}

test.describe('state page (default scenario)', () => {
  test('has the title kube-netplay and shows the cluster state without console errors', async ({ openPage }) => {
    const { page, state } = await loadClusterState(openPage);
    expect(await page.title()).toBe('kube-netplay');
    for (const title of ['PODS', 'CONTAINERS', 'SERVICES']) expect(state.has(title), title).toBe(true);
  });

  test("the frontend pod is Running on k8smaster01 with an IP in that node's docker0 subnet", async ({ openPage }) => {
    const { state } = await loadClusterState(openPage);
    const pod = frontendPod(state);
    expect(pod.STATUS).toBe('Running');
    expect(pod.NODE).toBe('k8smaster01');
    const subnet = DOCKER0_SUBNET[pod.NODE ?? ''];
    expect(subnet, `docker0 subnet of node ${pod.NODE}`).toBeDefined();
    const ip = pod.IP ?? '';
    expect(inCidr(ip, subnet!), `pod IP ${ip} in ${subnet}`).toBe(true);
    const host = hostPart(ip, subnet!);
    expect(host, `pod IP ${ip} is neither the network nor the broadcast address`).toBeGreaterThan(0);
    expect(host).toBeLessThan(2 ** (32 - Number(subnet!.split('/')[1])) - 1);
  });

  test('the pause container holds the network: mode default, publishes 0.0.0.0:80->80/tcp', async ({ openPage }) => {
    const { state } = await loadClusterState(openPage);
    const { pause } = frontendContainers(state);
    expect(pause['CONTAINER ID']).toMatch(/^[0-9a-f]{12}$/);
    expect(pause['NETWORK MODE']).toBe('default');
    const ports = (pause.PORTS ?? '').split(/,\s*/);
    expect(ports).toContain('0.0.0.0:80->80/tcp');
  });

  test("php-redis joins the pause container's network namespace (container:<its id>)", async ({ openPage }) => {
    const { state } = await loadClusterState(openPage);
    const { pause, php } = frontendContainers(state);
    expect(php.IMAGE ?? '').toMatch(/^kubeguide\/guestbook-php-frontend(?::\S+)?$/);
    const mode = /^container:([0-9a-f]{64})$/.exec(php['NETWORK MODE'] ?? '');
    expect(mode, `NETWORK MODE "${php['NETWORK MODE']}" is container:<64 hex>`).not.toBeNull();
    expect(mode![1]!.slice(0, 12)).toBe(pause['CONTAINER ID']);
  });

  test('the frontend service has a cluster IP in 10.254.0.0/16', async ({ openPage }) => {
    const { state } = await loadClusterState(openPage);
    const svc = section(state, 'SERVICES').filter((r) => r.NAMESPACE === 'default' && r.NAME === 'frontend');
    expect(svc, 'one service default/frontend').toHaveLength(1);
    const ip = svc[0]!['CLUSTER-IP'] ?? '';
    expect(inCidr(ip, SERVICE_CIDR), `cluster IP ${ip} in ${SERVICE_CIDR}`).toBe(true);
  });
});
