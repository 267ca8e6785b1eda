/**
 * The shell itself: the command line (quotes, variables, pipes, `;`, `&&`, redirections), the
 * text tools in pipes, files (the manifests, the API server's unit file), nodes and prompts,
 * history, completion, and the answers bash gives to mistakes.
 */
import { describe, expect, it } from 'vitest';
import { addDocument, documentsOf, removeDocument, replaceDocument, setReplicas, withoutStatus } from '../../src/core/edit-objects.ts';
import { simulate } from '../../src/core/index.ts';
import { tabwrite } from '../../src/core/print/tabwriter.ts';
import { expandWord, parseLine } from '../../src/terminal/parse.ts';
import { textShell } from '../../src/terminal/index.ts';
import { LAB_TEXT } from '../helpers.ts';

const pod = simulate(LAB_TEXT).state.pods[0]!;
const pause = pod.containers[0]!;

describe('the command line', () => {
  const words = (line: string, vars: Record<string, string> = {}) => {
    const parsed = parseLine(line);
    if ('error' in parsed) return parsed.error;
    return parsed.pipelines.map((p) => p.commands.map((c) => c.words.map((w) => expandWord(w, (n) => vars[n]))));
  };

  it('splits words with quotes and backslashes, and pipelines with | ; && ||', () => {
    expect(words(`grep -i "network mode" 'a b' c\\ d`)).toEqual([[['grep', '-i', 'network mode', 'a b', 'c d']]]);
    expect(words('docker inspect x | grep NetworkMode | head -n 1')).toEqual([
      [
        ['docker', 'inspect', 'x'],
        ['grep', 'NetworkMode'],
        ['head', '-n', '1'],
      ],
    ]);
    const parsed = parseLine('a; b && c || d');
    expect('pipelines' in parsed && parsed.pipelines.map((p) => p.op)).toEqual([';', ';', '&&', '||']);
    expect(words('echo hi # a comment')).toEqual([[['echo', 'hi']]]);
  });

  it('expands variables, $? and ~, not inside single quotes', () => {
    expect(words('echo $A "${A}x" \'$A\' ~ $?', { A: '1', HOME: '/root', '?': '0' })).toEqual([[['echo', '1', '1x', '$A', '/root', '0']]]);
    expect(words('echo $EMPTY ""', {})).toEqual([[['echo', undefined, '']]]);
  });

  it('refuses what bash refuses', () => {
    expect(words('echo "open')).toBe('bash: unexpected EOF while looking for matching `"\'\nbash: syntax error: unexpected end of file');
    expect(words('| grep x')).toBe("bash: syntax error near unexpected token `|'");
    expect(words('ls |')).toBe("bash: syntax error near unexpected token `newline'");
  });
});

describe('pipes, files and text tools', () => {
  it('the API server unit file gives the service range, with grep and without', () => {
    const sh = textShell(LAB_TEXT);
    const unit = sh.run('cat /etc/systemd/system/kube-apiserver.service');
    expect(unit).toContain('ExecStart=/usr/local/bin/kube-apiserver \\\n');
    expect(unit).toContain('  --service-cluster-ip-range=10.254.0.0/16 \\\n');
    expect(sh.run('grep service-cluster-ip-range /etc/systemd/system/kube-apiserver.service')).toBe(
      '  --service-cluster-ip-range=10.254.0.0/16 \\\n',
    );
    expect(sh.run('cat /etc/systemd/system/kube-apiserver.service | grep -o "service-cluster-ip-range=[0-9./]*"')).toBe(
      'service-cluster-ip-range=10.254.0.0/16\n',
    );
    expect(sh.run('ls /etc/systemd/system')).toBe('kube-apiserver.service  kube-proxy.service  kubelet.service\n');
    expect(sh.run('cat nope')).toBe('cat: nope: No such file or directory\n');
  });

  it('the unit file follows the Cluster document', () => {
    const text = `apiVersion: kube-netplay/v1\nkind: Cluster\nmetadata:\n  name: lab\nspec:\n  serviceClusterIPRange: 10.96.0.0/16\n---\n${LAB_TEXT}`;
    expect(textShell(text).run('grep range /etc/systemd/system/kube-apiserver.service')).toContain(
      '--service-cluster-ip-range=10.96.0.0/16',
    );
    expect(textShell(text).run('kubectl get svc kubernetes')).toContain('10.96.0.1');
  });

  it('grep -i -v -c -n -E, head, tail, wc in pipes', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('docker ps | grep -i PAUSE | wc -l')).toBe('1\n');
    expect(sh.run('docker ps | grep -v pause | tail -n 1')).toContain('k8s_php-redis');
    expect(sh.run('docker ps | grep -c k8s_')).toBe('2\n');
    expect(sh.run('ip route | head -n 2')).toBe(
      'default via 172.24.8.1 dev eth0\n172.17.1.0/24 dev docker0 proto kernel scope link src 172.17.1.1\n',
    );
    expect(sh.run('ip route | head -1')).toBe('default via 172.24.8.1 dev eth0\n');
    expect(sh.run('ip route | tail -n +5')).toBe('172.24.8.0/24 dev eth0 proto kernel scope link src 172.24.8.71\n');
    expect(sh.run('ip route | grep -n -E "via|docker0"')).toBe(
      '1:default via 172.24.8.1 dev eth0\n2:172.17.1.0/24 dev docker0 proto kernel scope link src 172.17.1.1\n3:172.17.2.0/24 via 172.24.8.72 dev eth0\n4:172.17.3.0/24 via 172.24.8.73 dev eth0\n',
    );
    expect(sh.run('ip route | grep "172.17.\\(2\\|3\\)"')).toContain('172.17.3.0/24');
    expect(sh.run('echo abc | grep x')).toBe('');
    expect(sh.run('echo $?')).toBe('1\n');
  });

  it('stderr is not piped; 2>&1 pipes it; > writes a file; && and || follow the status', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('docker inspect abc | grep Error')).toBe('Error: No such object: abc\n');
    expect(sh.run('docker inspect abc 2>&1 | grep -c Error')).toBe('1\n');
    expect(sh.run('docker inspect abc 2>/dev/null')).toBe('[]\n');
    expect(sh.run('kubectl get svc > /tmp/svc.txt && wc -l /tmp/svc.txt')).toBe('3 /tmp/svc.txt\n');
    expect(sh.run('false || echo fallback')).toBe('fallback\n');
    expect(sh.run('false && echo never')).toBe('');
  });

  it('cd, pwd and the prompt directory', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.shell.prompt()).toBe('[root@k8smaster01 ~]# ');
    sh.run('cd /etc/systemd/system');
    expect(sh.shell.prompt()).toBe('[root@k8smaster01 system]# ');
    expect(sh.run('pwd')).toBe('/etc/systemd/system\n');
    expect(sh.run('cat kube-proxy.service | grep proxy-mode')).toBe('  --proxy-mode=iptables \\\n');
    expect(sh.run('cd /nope')).toBe('bash: cd: /nope: No such file or directory\n');
    sh.run('cd');
    expect(sh.run('pwd')).toBe('/root\n');
  });
});

describe('nodes, history and mistakes', () => {
  it('ssh moves to another node, exit comes back; the node switcher logs in afresh', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('ssh k8smaster02')).toBe('Last login: Thu Nov 26 11:50:12 2026 from 172.24.8.10\n');
    expect(sh.shell.prompt()).toBe('[root@k8smaster02 ~]# ');
    expect(sh.shell.node()).toBe('k8smaster02');
    expect(sh.run('hostname')).toBe('k8smaster02\n');
    expect(sh.run('ip addr show docker0')).toContain('inet 172.17.2.1/24');
    expect(sh.run('exit')).toBe('logout\nConnection to k8smaster02 closed.\n');
    expect(sh.run('hostname')).toBe('k8smaster01\n');
    expect(sh.run('ssh root@172.24.8.73 ')).toContain('Last login');
    expect(sh.run('hostname')).toBe('k8smaster03\n');
    sh.shell.setNode('k8smaster02');
    expect(sh.shell.prompt()).toBe('[root@k8smaster02 ~]# ');
    expect(sh.run('exit')).toBe('logout\n');
    expect(sh.run('ssh nowhere')).toBe('ssh: Could not resolve hostname nowhere: Name or service not known\n');
    // The unit file is on the API server's node only.
    expect(sh.run('cat /etc/systemd/system/kube-apiserver.service')).toBe(
      'cat: /etc/systemd/system/kube-apiserver.service: No such file or directory\n',
    );
  });

  it('keeps the history', () => {
    const sh = textShell(LAB_TEXT);
    sh.run('hostname');
    sh.run('');
    sh.run('kubectl get pods');
    expect(sh.shell.history()).toEqual(['hostname', 'kubectl get pods']);
    expect(sh.run('history')).toBe('    1  hostname\n    2  kubectl get pods\n    3  history\n');
  });

  it('answers unknown commands as bash, and clear as an effect', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('foo')).toBe('bash: foo: command not found\n');
    expect(sh.shell.execute('foo').exitCode).toBe(127);
    expect(sh.shell.execute('clear').effects).toEqual([{ kind: 'clear' }]);
    expect(sh.run('help')).toContain('kubectl get pods|svc|endpoints|nodes|rc|rs|deploy');
  });

  it('reports kubectl edits as effects', () => {
    const sh = textShell(LAB_TEXT);
    const r = sh.shell.execute('kubectl scale rc frontend --replicas=2');
    expect(r.effects).toEqual([{ kind: 'text', text: sh.text() }]);
  });
});

describe('completion', () => {
  const complete = (line: string, node?: string) => textShell(LAB_TEXT, node ? { node } : {}).shell.complete(line);

  it('completes commands, kubectl verbs, types and names', () => {
    expect(complete('kub')).toEqual({ word: 'kub', candidates: ['kubectl'] });
    expect(complete('ip')).toEqual({ word: 'ip', candidates: ['ip', 'ipset', 'iptables', 'iptables-save', 'ipvsadm'] });
    expect(complete('kubectl ge').candidates).toEqual(['get']);
    expect(complete('kubectl get s').candidates).toEqual(['services', 'svc']);
    expect(complete('kubectl describe pod ').candidates).toEqual([pod.name]);
    expect(complete('kubectl describe svc fr').candidates).toEqual(['frontend']);
    expect(complete('kubectl create -f ').candidates).toEqual(['frontend-controller.yaml', 'frontend-service.yaml']);
    expect(complete('kubectl get pods -o ').candidates).toEqual(['json', 'name', 'wide', 'yaml']);
  });

  it('completes container IDs, interfaces, chains, nodes and paths', () => {
    expect(complete(`docker inspect ${pause.id.slice(0, 2)}`).candidates).toContain(pause.id.slice(0, 12));
    expect(complete('docker port ').candidates).toHaveLength(4);
    expect(complete('docker inspect 10b | grep Net').candidates).toEqual([]);
    expect(complete('ifconfig d').candidates).toEqual(['docker0']);
    expect(complete('iptables -t nat -L DOC').candidates).toEqual(['DOCKER']);
    expect(complete('ssh k8s').candidates).toEqual(['k8smaster01', 'k8smaster02', 'k8smaster03']);
    expect(complete('cat /etc/sys').candidates).toEqual(['/etc/systemd/']);
    expect(complete('cat /etc/systemd/system/kube-a').candidates).toEqual(['/etc/systemd/system/kube-apiserver.service']);
    expect(complete('docker ps | gr').candidates).toEqual(['grep']);
  });
});

describe('edits of the manifests', () => {
  const controller = { kind: 'ReplicationController', name: 'frontend' };
  const service = { kind: 'Service', name: 'frontend' };

  it('lists the documents with their kind, name and body', () => {
    const docs = documentsOf(LAB_TEXT);
    expect(docs.map((d) => [d.kind, d.name, d.namespace])).toEqual([
      ['ReplicationController', 'frontend', 'default'],
      ['Service', 'frontend', 'default'],
    ]);
    expect(docs[1]!.body.startsWith('apiVersion: v1\nkind: Service')).toBe(true);
  });

  it('sets replicas in place, and adds the field when it is missing', () => {
    expect(setReplicas(LAB_TEXT, controller, 3)).toBe(LAB_TEXT.replace('replicas: 1', 'replicas: 3'));
    const without = LAB_TEXT.replace('  replicas: 1\n', '');
    expect(setReplicas(without, controller, 2)).toBe(without.replace('spec:\n  selector:', 'spec:\n  replicas: 2\n  selector:'));
    expect(setReplicas(LAB_TEXT, { kind: 'ReplicationController', name: 'nope' }, 2)).toBeUndefined();
  });

  it('removes, adds back and replaces documents, keeping the rest of the text', () => {
    const noService = removeDocument(LAB_TEXT, service)!;
    expect(noService).toBe(LAB_TEXT.slice(0, LAB_TEXT.indexOf('---\napiVersion: v1\nkind: Service')));
    expect(addDocument(noService, documentsOf(LAB_TEXT)[1]!.body)).toBe(LAB_TEXT);
    const noController = removeDocument(LAB_TEXT, controller)!;
    expect(noController.startsWith('# The lab')).toBe(true);
    expect(documentsOf(noController).map((d) => d.kind)).toEqual(['Service']);
    const replaced = replaceDocument(
      LAB_TEXT,
      service,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: frontend\nspec:\n  ports:\n  - port: 8080\n',
    )!;
    expect(replaced).toContain('- port: 8080\n');
    expect(replaced.startsWith(LAB_TEXT.slice(0, LAB_TEXT.indexOf('---\napiVersion: v1\nkind: Service')))).toBe(true);
    expect(withoutStatus('kind: Pod\nmetadata:\n  name: a\nstatus:\n  phase: Running\n')).toBe('kind: Pod\nmetadata:\n  name: a\n');
  });

  it("treats the comments just before a `---` as the next document's: kept by edits of the one before, removed with their own", () => {
    const pod = (name: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: i\n`;
    const text = `${pod('a')}# b serves the others\n---\n${pod('b')}# c is the client\n---\n${pod('c')}`;
    const ref = (name: string) => ({ kind: 'Pod', name });
    expect(removeDocument(text, ref('a'))).toBe(`# b serves the others\n${pod('b')}# c is the client\n---\n${pod('c')}`);
    expect(removeDocument(text, ref('b'))).toBe(`${pod('a')}# c is the client\n---\n${pod('c')}`);
    expect(removeDocument(text, ref('c'))).toBe(`${pod('a')}# b serves the others\n---\n${pod('b')}`);
    expect(replaceDocument(text, ref('b'), pod('b').replace('image: i', 'image: j'))).toBe(
      text.replace(`${pod('b')}`, pod('b').replace('image: i', 'image: j')),
    );
    // A document's body ends with its content: applying it back changes nothing.
    expect(documentsOf(text).map((d) => d.body)).toEqual([pod('a'), pod('b'), pod('c')]);
    expect(replaceDocument(text, ref('a'), documentsOf(text)[0]!.body)).toBe(text);
  });

  it('skips empty sections, and removing a document next to one leaves valid YAML', () => {
    const pod = (name: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: i\n`;
    const cases: [string, string][] = [
      [`${pod('a')}---\n---\n${pod('b')}---\n${pod('c')}`, 'b'],
      [`---\n---\n${pod('a')}---\n${pod('b')}`, 'a'],
      [`${pod('a')}---   \n---\n${pod('b')}`, 'b'],
      [`${pod('a')}---\n---\n${pod('b')}`, 'b'],
    ];
    for (const [text, name] of cases) {
      expect(
        documentsOf(text).every((d) => d.kind === 'Pod'),
        'no empty section is listed',
      ).toBe(true);
      const after = removeDocument(text, { kind: 'Pod', name })!;
      const sim = simulate(after);
      expect(sim.ok, `${JSON.stringify(text)} without ${name} gave ${JSON.stringify(after)}`).toBe(true);
      expect(sim.state.pods.map((p) => p.name).sort()).toEqual(
        documentsOf(text)
          .map((d) => d.name!)
          .filter((n) => n !== name)
          .sort(),
      );
    }
  });
});

describe('tabwriter', () => {
  it('aligns columns over blocks of lines that have them, as Go text/tabwriter', () => {
    expect(tabwrite('a\tbb\tc\naaa\tb\tc', { minwidth: 0, padding: 2 })).toBe('a    bb  c\naaa  b   c');
    // A line without a tab ends the block: the next block aligns on its own.
    expect(tabwrite('Name:\tx\nIPs:\n  IP:\ty\nControlled By:\tz', { minwidth: 0, padding: 2 })).toBe(
      'Name:  x\nIPs:\n  IP:           y\nControlled By:  z',
    );
    expect(tabwrite('A\tB\nxx\ty', { minwidth: 6, padding: 3 })).toBe('A     B\nxx    y');
  });
});

describe('robustness', () => {
  it('every command answers, with no arguments and with odd ones, on a node and in a container', () => {
    const sh = textShell(LAB_TEXT);
    const commands = [
      'kubectl',
      'docker',
      'ip',
      'ifconfig',
      'route',
      'brctl',
      'iptables',
      'iptables-save',
      'ipvsadm',
      'conntrack',
      'curl',
      'ping',
      'ssh',
      'cat',
      'ls',
      'cd',
      'grep',
      'head',
      'tail',
      'wc',
      'sort',
      'echo',
      'env',
      'hostname',
      'history',
      'help',
      'exit',
    ];
    const odd = ['', '-', '--', '-x', '--nope', 'nope', '""', '-n', '-o yaml', 'get', 'a b c', '999.1.1.1', '/'];
    for (const place of ['node', 'container']) {
      if (place === 'container') sh.run(`docker exec -it ${pod.containers[1]!.id.slice(0, 12)} bash`);
      for (const c of commands)
        for (const args of odd) {
          const r = sh.shell.execute(`${c} ${args}`);
          expect(typeof r.output).toBe('string');
          expect(r.output).not.toMatch(/\b(TypeError|undefined is not|Cannot read)/);
          if (c === 'exit' || c === 'ssh' || c === 'cd') sh.shell.setNode('k8smaster01');
          if (place === 'container' && (c === 'exit' || c === 'ssh')) sh.run(`docker exec -it ${pod.containers[1]!.id.slice(0, 12)} bash`);
        }
    }
  });

  it('a cluster without nodes has nowhere to log in, and says so', () => {
    const sh = textShell('apiVersion: kube-netplay/v1\nkind: Cluster\nmetadata:\n  name: x\nspec:\n  nodes: []\n');
    expect(sh.shell.prompt()).toBe('[root@localhost ~]# ');
    expect(sh.run('ls')).toBe('The cluster has no nodes: give the Cluster document at least one.\n');
  });
});

describe('redirections are opened before the command runs', () => {
  it('does not run a command whose output file cannot be opened, as bash does not', async () => {
    const { textShell } = await import('../../src/terminal/index.ts');
    const { LAB_TEXT } = await import('../helpers.ts');
    const sh = textShell(LAB_TEXT);
    expect(sh.run('kubectl delete svc frontend > /nope/x')).toBe('bash: /nope/x: No such file or directory\n');
    expect(sh.text()).toBe(LAB_TEXT);
    expect(sh.run('kubectl get svc > out.txt')).toBe('');
    expect(sh.run('cat out.txt')).toMatch(/^NAME\s+TYPE/);
  });
});
