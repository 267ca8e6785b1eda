/**
 * The shell behind a worker: the page's client and the worker's host, joined here by a fake
 * worker that runs the real host on this thread. A request over the time limit, or one
 * interrupted, ends the worker and starts a new one on the same text, node and history. The
 * screen over it (keys in, drawing out) outlives its display.
 */
import { describe, expect, it } from 'vitest';
import { createRemoteShell, INTERRUPTED, TIMED_OUT, type ShellWorker } from '../../src/terminal/remote/client.ts';
import { shellHost } from '../../src/terminal/remote/host.ts';
import type { FromShell, ToShell } from '../../src/terminal/remote/protocol.ts';
import { createScreen } from '../../src/terminal/screen.ts';
import { shellWords } from '../../src/i18n/shell-words.ts';
import type { TraceRequest } from '../../src/core/trace/index.ts';
import { LAB_TEXT } from '../helpers.ts';

/** A worker running the real host, answering asynchronously; `hang` lines are never answered. */
function fakeWorkers() {
  const started: ToShell[] = [];
  let terminated = 0;
  const spawn = (): ShellWorker => {
    let dead = false;
    const worker: ShellWorker = {
      onmessage: null,
      onerror: null,
      postMessage(message) {
        if (message.kind === 'start') started.push(message);
        if (message.kind === 'run' && message.line === 'hang') return;
        setTimeout(() => !dead && handle(message), 0);
      },
      terminate() {
        dead = true;
        terminated++;
      },
    };
    const handle = shellHost((reply: FromShell) => worker.onmessage?.({ data: reply }));
    return worker;
  };
  return { spawn, started, terminated: () => terminated };
}

function open(limitMs = 1000, language?: string) {
  const workers = fakeWorkers();
  const texts: string[] = [];
  const flows: TraceRequest[] = [];
  const shell = createRemoteShell({
    spawn: workers.spawn,
    text: LAB_TEXT,
    onText: (t) => texts.push(t),
    onFlow: (r) => flows.push(r),
    limitMs,
    ...(language ? { language } : {}),
  });
  return { shell, workers, texts, flows };
}

describe('the shell in a worker', () => {
  it('runs commands there and answers with the output, the prompt and the node', async () => {
    const { shell } = open();
    await shell.ready;
    expect(shell.prompt()).toBe('[root@k8smaster01 ~]# ');
    const r = await shell.run('kubectl get rc');
    expect(r).toMatchObject({ exitCode: 0, clear: false });
    expect(r.output).toMatch(/^NAME\s+DESIRED/);
    await shell.run('ssh k8smaster02');
    expect(shell.node()).toBe('k8smaster02');
    expect(shell.prompt()).toBe('[root@k8smaster02 ~]# ');
    await shell.login('k8smaster03');
    expect(shell.node()).toBe('k8smaster03');
    expect((await shell.run('clear')).clear).toBe(true);
    expect(await shell.complete('kubectl ge')).toEqual({ word: 'ge', candidates: ['get'] });
  });

  it('hands the page a new text and the flows to trace, and reads the text the page sends', async () => {
    const { shell, texts, flows } = open();
    expect((await shell.run('kubectl scale rc frontend --replicas=2')).output).toBe('replicationcontroller/frontend scaled\n');
    expect(texts.at(-1)).toContain('replicas: 2');
    expect((await shell.run('kubectl get pods --no-headers | wc -l')).output).toBe('2\n');
    shell.setText(LAB_TEXT);
    expect((await shell.run('kubectl get pods --no-headers | wc -l')).output).toBe('1\n');
    await shell.run('curl -s 172.24.8.71');
    expect(flows.at(-1)).toMatchObject({ from: 'node:k8smaster01', to: { ip: '172.24.8.71', port: 80 } });
  });

  it('while the text has a manifest error, answers from the last network without errors, the one the graph shows', async () => {
    const { shell } = open();
    await shell.ready;
    const broken = LAB_TEXT.replace('replicas: 1', 'replicas: [');
    shell.setText(broken, LAB_TEXT);
    // The lab's pod runs here: its pause container and php-redis, under the header.
    expect((await shell.run('docker ps')).output.trimEnd().split('\n')).toHaveLength(3);
    expect((await shell.run('kubectl get pods --no-headers | wc -l')).output).toBe('1\n');
    // Once the page has a newer text without errors, that one.
    const two = LAB_TEXT.replace('replicas: 1', 'replicas: 2');
    shell.setText(two, two);
    expect((await shell.run('kubectl get pods --no-headers | wc -l')).output).toBe('2\n');
  });

  it('on a view-only page refuses every kubectl command that would change the scenario, until the page becomes editable', async () => {
    const { shell, texts } = open();
    shell.setReadOnly(true);
    for (const line of [
      'kubectl scale rc frontend --replicas=2',
      'kubectl delete rc frontend',
      'kubectl apply -f x.yaml',
      'kubectl edit rc frontend',
    ]) {
      const r = await shell.run(line);
      expect(r.exitCode, line).toBe(1);
      expect(r.output, line).toMatch(/view only: "kubectl \w+" would change the scenario.*Edit a copy/);
    }
    expect(texts).toEqual([]);
    // Reading is still reading.
    expect((await shell.run('kubectl get pods --no-headers | wc -l')).output).toBe('1\n');
    shell.setReadOnly(false);
    expect((await shell.run('kubectl scale rc frontend --replicas=2')).exitCode).toBe(0);
    expect(texts.at(-1)).toContain('replicas: 2');
  });

  it('ends a command over the time limit and starts again on the same node, with the history', async () => {
    const { shell, workers } = open(50);
    await shell.run('ssh k8smaster02');
    await shell.run('A=1');
    expect(await shell.run('hang')).toEqual({ output: '', exitCode: TIMED_OUT, clear: false, stopped: 'timeout' });
    expect(workers.terminated()).toBe(1);
    expect(workers.started.at(-1)).toEqual({
      kind: 'start',
      text: LAB_TEXT,
      lastGood: '',
      readOnly: false,
      language: 'en',
      carried: { node: 'k8smaster02', history: ['ssh k8smaster02', 'A=1', 'hang'] },
    });
    const r = await shell.run('hostname; history | tail -n 2');
    expect(r.output).toBe('k8smaster02\n    3  hang\n    4  hostname; history | tail -n 2\n');
  });

  it('Ctrl+C ends the running command at once', async () => {
    const { shell, workers } = open();
    await shell.ready;
    const running = shell.run('hang');
    expect(shell.busy()).toBe(true);
    shell.interrupt();
    expect(await running).toMatchObject({ exitCode: INTERRUPTED, stopped: 'interrupted' });
    expect(shell.busy()).toBe(false);
    expect(workers.terminated()).toBe(1);
    expect((await shell.run('echo ok')).output).toBe('ok\n');
  });

  it('Ctrl+C with nothing running leaves the worker alone', async () => {
    const { shell, workers } = open();
    await shell.ready;
    shell.interrupt();
    expect(workers.terminated()).toBe(0);
  });
});

describe("the shell's own words follow the page's language; the tools' output stays theirs", () => {
  const NO_NODES = 'apiVersion: kube-netplay/v1\nkind: Cluster\nmetadata:\n  name: x\nspec:\n  nodes: []\n';

  it('on a Chinese page, says its refusals, notes and help in Chinese', async () => {
    const { shell } = open(1000, 'zh');
    shell.setReadOnly(true);
    const refused = await shell.run('kubectl scale rc frontend --replicas=2');
    expect(refused).toMatchObject({ exitCode: 1, output: expect.stringContaining('本页面只读：“kubectl scale”会改变场景') });
    expect(refused.output).toContain('编辑副本');
    expect((await shell.run('kubectl get pods -w')).output).toContain('不模拟 --watch');
    for (const line of ['ip addr add 10.0.0.1/24 dev eth0', 'ipvsadm -A -t 10.0.0.1:80', 'brctl addbr x', 'nft add table ip x'])
      expect((await shell.run(line)).output, line).toBe('网络是由清单计算出来的：要改变它，请编辑清单（或使用 kubectl）。\n');
    const help = (await shell.run('help')).output;
    expect(help).toMatch(/^集群节点上的模拟 shell。/);
    expect(help).toContain('  kubectl scale rc NAME --replicas=N\n      伸缩控制器\n');
    expect(help).not.toMatch(/list objects|Tab completes/);
    expect((await shell.run(`echo ab | grep -E 'a(?=b)'`)).output).toBe('grep: 不支持环视（lookaround）：这个 grep 以线性时间匹配\n');
    expect((await shell.run('docker')).output).toContain('Commands (本实验能回答的):');
    // What the emulated tools print is theirs, in English as on a real node.
    expect((await shell.run('kubectl get pods nosuch')).output).toBe('Error from server (NotFound): pods "nosuch" not found\n');
    shell.setText(NO_NODES);
    expect((await shell.run('ls')).output).toBe('集群没有节点：请在 Cluster 文档中至少给出一个节点。\n');
  });

  it('follows a change of language, and an English page keeps the English words', async () => {
    const { shell } = open();
    expect((await shell.run('ip route add 10.0.0.0/8 dev eth0')).output).toMatch(/^The playground computes the network/);
    shell.setLanguage('zh');
    expect((await shell.run('ip route add 10.0.0.0/8 dev eth0')).output).toMatch(/^网络是由清单计算出来的/);
    shell.setLanguage('en');
    expect((await shell.run('help')).output).toMatch(/^A simulated shell on the nodes of the cluster/);
  });

  it("the screen says a command stopped for time in the page's language", async () => {
    const { shell } = open(50, 'zh');
    const screen = createScreen(shell, 'welcome', () => shellWords('zh'));
    let written = '';
    screen.attach({ cols: 80, write: (t) => (written += t) }, () => undefined);
    await shell.ready;
    screen.keys('hang\r');
    await new Promise((r) => setTimeout(r, 150));
    expect(written).toContain('bash: 命令运行超过 2 秒，已被停止');
  });
});

describe('the terminal screen', () => {
  /** A display that keeps what was written, with the escape sequences of drawing removed. */
  function display(cols = 80) {
    let written = '';
    return {
      cols,
      write: (text: string) => (written += text),
      // eslint-disable-next-line no-control-regex -- the drawing's own sequences
      text: () => written.replace(/\x1b\[[0-9;]*[A-Za-z]|\r/g, ''),
    };
  }
  const settle = () => new Promise((r) => setTimeout(r, 20));

  it('draws the prompt, runs a line, and keeps keys typed while it runs for the next prompt', async () => {
    const { shell } = open();
    const screen = createScreen(shell);
    const d = display();
    const nodes: string[] = [];
    screen.attach(d, (n) => nodes.push(n));
    await shell.ready;
    await settle();
    screen.keys('hostname\r');
    screen.keys('echo typed ahead\r');
    await settle();
    await settle();
    expect(d.text()).toContain('[root@k8smaster01 ~]# hostname\nk8smaster01\n');
    expect(d.text()).toContain('[root@k8smaster01 ~]# echo typed ahead\ntyped ahead\n');
    expect(nodes.at(-1)).toBe('k8smaster01');
  });

  it('Tab completes from the shell, and lists the choices when there is nothing in common', async () => {
    const { shell } = open();
    const screen = createScreen(shell);
    const d = display();
    screen.attach(d, () => undefined);
    await shell.ready;
    screen.keys('kubectl ge\t');
    await settle();
    screen.keys('svc\r');
    await settle();
    expect(d.text()).toMatch(/# kubectl get svc\nNAME +TYPE/);
    screen.keys('docker p\t');
    await settle();
    expect(d.text()).toMatch(/# docker p\nport {2}ps\n(\[root@k8smaster01 ~\]# )+docker p$/);
  });

  it('an answer that arrives with no display attached is shown when one attaches again', async () => {
    const { shell } = open();
    const screen = createScreen(shell);
    screen.attach(display(), () => undefined);
    await shell.ready;
    screen.keys('echo while away\r');
    screen.detach();
    await settle();
    const again = display();
    screen.attach(again, () => undefined);
    expect(again.text()).toContain('echo while away\nwhile away\n[root@k8smaster01 ~]# ');
  });

  it('Ctrl+C ends a running command and prints ^C; the next line runs', async () => {
    const { shell } = open();
    const screen = createScreen(shell);
    const d = display();
    screen.attach(d, () => undefined);
    await shell.ready;
    screen.keys('hang\r');
    screen.keys('\x03');
    await settle();
    screen.keys('echo after\r');
    await settle();
    // Each redraw writes the prompt again after clearing its row: it shows once on a terminal.
    expect(d.text()).toMatch(/# hang\n\^C\n(\[root@k8smaster01 ~\]# )+echo after\nafter\n/);
  });
});
