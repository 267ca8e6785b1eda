/**
 * kubectl on the lab's scenario: kubectl's columns and messages, the facts the lab states (the
 * pod on k8smaster01 with an IP of its docker0 subnet, the service's cluster IP in the portal
 * network), and the commands that edit the manifests (create, apply, delete, scale).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MAX_PODS, replicasProblem, simulate } from '../../src/core/index.ts';
import { cidrContains, parseCidr, parseIp } from '../../src/core/net/ipv4.ts';
import { textShell } from '../../src/terminal/index.ts';
import { fixture, LAB_TEXT } from '../helpers.ts';

const lab = simulate(LAB_TEXT).state;
const pod = lab.pods[0]!;
const frontend = lab.services.find((s) => s.name === 'frontend')!;

describe('kubectl get', () => {
  it('pods -o wide: the pod on k8smaster01 with an address of its docker0 subnet', () => {
    const out = textShell(LAB_TEXT).run('kubectl get pods -o wide');
    expect(out).toBe(
      [
        'NAME             READY   STATUS    RESTARTS   AGE   IP            NODE          NOMINATED NODE   READINESS GATES',
        `${pod.name}   1/1     Running   0          2m    ${pod.ip}   k8smaster01   <none>           <none>`,
        '',
      ].join('\n'),
    );
    expect(cidrContains(parseCidr('172.17.1.0/24')!, parseIp(pod.ip!)!)).toBe(true);
    expect(textShell(LAB_TEXT).run('kubectl get po')).toBe(
      `NAME             READY   STATUS    RESTARTS   AGE\n${pod.name}   1/1     Running   0          2m\n`,
    );
  });

  it('svc shows external IPs; describe shows them and the external traffic policy', () => {
    const sh = textShell(fixture('external-traffic.yaml'));
    expect(sh.run('kubectl get svc web-external')).toMatch(
      /\nweb-external +ClusterIP +10\.254\.\d+\.\d+ +172\.24\.8\.71 +8000\/TCP +2m\n$/,
    );
    expect(sh.run('kubectl describe svc web-external')).toMatch(/\nExternal IPs: +172\.24\.8\.71\n/);
    expect(sh.run('kubectl describe svc web-local')).toMatch(/\nExternal Traffic Policy: +Local\n/);
  });

  it('svc: the cluster IP from the portal network 10.254.0.0/16', () => {
    const out = textShell(LAB_TEXT).run('kubectl get svc');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE');
    const row = lines.find((l) => l.startsWith('frontend '))!.split(/\s+/);
    expect(row.slice(0, 2)).toEqual(['frontend', 'ClusterIP']);
    expect(row[2]).toBe(frontend.clusterIP);
    expect(cidrContains(parseCidr('10.254.0.0/16')!, parseIp(row[2]!)!)).toBe(true);
    expect(row.slice(3)).toEqual(['<none>', '80/TCP', '2m']);
    expect(lines.find((l) => l.startsWith('kubernetes '))).toMatch(/^kubernetes +ClusterIP +10\.254\.0\.1 +<none> +443\/TCP +10d$/);
    expect(textShell(LAB_TEXT).run('kubectl get svc -o wide')).toContain('SELECTOR');
    expect(textShell(LAB_TEXT).run('kubectl get services frontend -o wide').split('\n')[1]).toMatch(/80\/TCP +2m +name=frontend$/);
  });

  it('endpoints, nodes, rc, rs, deploy, namespaces in their columns', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('kubectl get endpoints')).toBe(
      `NAME         ENDPOINTS          AGE\nfrontend     ${pod.ip}:80     2m\nkubernetes   172.24.8.71:6443   10d\n`,
    );
    expect(sh.run('kubectl get nodes')).toMatch(
      /^NAME +STATUS +ROLES +AGE +VERSION\nk8smaster01 +Ready +<none> +10d +v1\.\d+\.\d+\nk8smaster02 /,
    );
    expect(sh.run('kubectl get no -o wide').split('\n')[1]).toMatch(
      /^k8smaster01 +Ready +<none> +10d +v\S+ +172\.24\.8\.71 +<none> +CentOS Linux 7 \(Core\) +\S+ +docker:\/\/\S+$/,
    );
    expect(sh.run('kubectl get rc')).toBe('NAME       DESIRED   CURRENT   READY   AGE\nfrontend   1         1         1       2m\n');
    expect(sh.run('kubectl get rc -o wide')).toBe(
      'NAME       DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES                             SELECTOR\nfrontend   1         1         1       2m    php-redis    kubeguide/guestbook-php-frontend   name=frontend\n',
    );
    expect(sh.run('kubectl get rs')).toBe('No resources found in default namespace.\n');
    expect(sh.run('kubectl get deploy')).toBe('No resources found in default namespace.\n');
    expect(sh.run('kubectl get ns')).toContain('kube-system   Active   10d');
  });

  it('a Deployment and the ReplicaSet it made', () => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n        ports:\n        - containerPort: 80\n`;
    const sh = textShell(text);
    expect(sh.run('kubectl get deploy')).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           2m\n');
    const rs = sh.run('kubectl get rs').trimEnd().split('\n');
    expect(rs[1]).toMatch(/^web-[a-z0-9]{10} +2 +2 +2 +2m$/);
    const podNames = sh.run('kubectl get pods -o name').trimEnd().split('\n');
    expect(podNames).toHaveLength(2);
    expect(podNames[0]).toMatch(new RegExp(`^pod/${rs[1]!.split(' ')[0]}-[a-z0-9]{5}$`));
  });

  it('-l selects by labels, -n by namespace, --all-namespaces adds the column', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('kubectl get pods -l name=frontend')).toContain(pod.name);
    expect(sh.run('kubectl get pods -l name!=frontend')).toBe('No resources found in default namespace.\n');
    expect(sh.run("kubectl get pods -l 'name in (frontend,backend)'")).toContain(pod.name);
    expect(sh.run('kubectl get svc --selector=provider=kubernetes')).not.toContain('frontend');
    expect(sh.run('kubectl get pods -n kube-system')).toBe('No resources found in kube-system namespace.\n');
    expect(sh.run('kubectl get pods --all-namespaces').split('\n')[0]).toBe(
      'NAMESPACE   NAME             READY   STATUS    RESTARTS   AGE',
    );
    expect(sh.run('kubectl get pods --show-labels').split('\n')[1]).toMatch(/2m +name=frontend$/);
  });

  it('-o yaml and -o json give the objects, -o name their names, several types their sections', () => {
    const sh = textShell(LAB_TEXT);
    const svc = parse(sh.run('kubectl get svc frontend -o yaml'));
    expect(svc).toMatchObject({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'frontend', namespace: 'default' },
      spec: {
        clusterIP: frontend.clusterIP,
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
        selector: { name: 'frontend' },
        type: 'ClusterIP',
      },
    });
    const list = JSON.parse(sh.run('kubectl get pods -o json'));
    expect(list.kind).toBe('List');
    expect(list.items[0]).toMatchObject({
      kind: 'Pod',
      metadata: { name: pod.name },
      spec: { nodeName: 'k8smaster01' },
      status: { phase: 'Running', podIP: pod.ip, hostIP: '172.24.8.71' },
    });
    expect(sh.run('kubectl get svc -o name')).toBe('service/frontend\nservice/kubernetes\n');
    const all = sh.run('kubectl get all');
    expect(all).toContain(`pod/${pod.name}`);
    expect(all).toContain('replicationcontroller/frontend');
    expect(all).toContain('service/frontend');
    expect(sh.run('kubectl get rc/frontend svc/frontend -o name')).toBe('replicationcontroller/frontend\nservice/frontend\n');
  });

  it('answers unknown types, names, flags and formats as kubectl does', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('kubectl get podz')).toBe('error: the server doesn\'t have a resource type "podz"\n');
    expect(sh.run('kubectl get pods nope')).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(sh.run('kubectl get pods --bogus')).toBe("error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n");
    expect(sh.run('kubectl get pods -o foo')).toMatch(
      /^error: unable to match a printer suitable for the output format "foo", allowed formats are: /,
    );
    expect(sh.run('kubectl get')).toMatch(/^You must specify the type of resource to get\./);
    expect(sh.run('kubectl stop rc frontend')).toBe('Error: unknown command "stop" for "kubectl"\nRun \'kubectl --help\' for usage.\n');
  });
});

describe('kubectl describe', () => {
  it('pod: node, IP, controller, the container with its host port, the events', () => {
    const out = textShell(LAB_TEXT).run(`kubectl describe pod ${pod.name}`);
    expect(out).toMatch(
      new RegExp(`^Name: {9}${pod.name}\nNamespace: {4}default\nPriority: {5}0\nNode: {9}k8smaster01/172\\.24\\.8\\.71\n`),
    );
    expect(out).toContain(`IP:           ${pod.ip}\n`);
    expect(out).toContain('Controlled By:  ReplicationController/frontend\n');
    expect(out).toContain('    Port:           80/TCP\n    Host Port:      80/TCP\n');
    expect(out).toContain('      GET_HOSTS_FROM:  env\n');
    expect(out).toContain(`  Normal  Scheduled  2m    default-scheduler  Successfully assigned default/${pod.name} to k8smaster01\n`);
    // describe takes a prefix of the name too
    expect(textShell(LAB_TEXT).run('kubectl describe pods frontend')).toBe(out);
  });

  it("pod: a Pending pod carries the scheduler's FailedScheduling message", () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('kubectl scale rc frontend --replicas=4')).toBe('replicationcontroller/frontend scaled\n');
    const pending = simulate(sh.text()).state.pods.find((p) => p.phase === 'Pending')!;
    const out = sh.run(`kubectl describe pod ${pending.name}`);
    expect(out).toContain('Node:           <none>\n');
    expect(out).toContain('Status:         Pending\n');
    expect(out).toContain('  PodScheduled   False \n');
    expect(out).toContain(
      "  Warning  FailedScheduling  2m    default-scheduler  0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.\n",
    );
  });

  it('svc: selector, IP, port, endpoints', () => {
    const out = textShell(LAB_TEXT).run('kubectl describe svc frontend');
    expect(out).toBe(
      [
        'Name:              frontend',
        'Namespace:         default',
        'Labels:            <none>',
        'Annotations:       <none>',
        'Selector:          name=frontend',
        'Type:              ClusterIP',
        `IP:                ${frontend.clusterIP}`,
        'Port:              <unset>  80/TCP',
        'TargetPort:        80/TCP',
        `Endpoints:         ${pod.ip}:80`,
        'Session Affinity:  None',
        'Events:            <none>',
        '',
      ].join('\n'),
    );
    expect(textShell(LAB_TEXT).run('kubectl describe svc nope')).toBe('Error from server (NotFound): services "nope" not found\n');
  });

  it('rc: replicas, pod template and the pods it created', () => {
    const out = textShell(LAB_TEXT).run('kubectl describe rc frontend');
    expect(out).toContain('Replicas:     1 current / 1 desired\n');
    expect(out).toContain('Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed\n');
    expect(out).toContain(`Normal  SuccessfulCreate  2m    replication-controller  Created pod: ${pod.name}`);
  });
});

describe('kubectl scale, create, apply, delete: the manifests change', () => {
  it('scale rc sets spec.replicas in the text and nothing else', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('kubectl scale rc frontend --replicas=3')).toBe('replicationcontroller/frontend scaled\n');
    expect(sh.text()).toBe(LAB_TEXT.replace('replicas: 1', 'replicas: 3'));
    expect(sh.run('kubectl get rc')).toContain('frontend   3         3         3');
    expect(sh.run('kubectl get pods -o wide | grep -c Running')).toBe('3\n');
    expect(sh.run('kubectl scale --replicas=2 rc/frontend')).toBe('replicationcontroller/frontend scaled\n');
    expect(sh.text()).toContain('replicas: 2');
  });

  it('scale answers as kubectl does', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('kubectl scale rc nope --replicas=2')).toBe('Error from server (NotFound): replicationcontrollers "nope" not found\n');
    expect(sh.run('kubectl scale rc frontend')).toBe('error: required flag(s) "replicas" not set\n');
    expect(sh.run('kubectl scale rc frontend --replicas=x')).toMatch(/^error: invalid argument "x" for "--replicas" flag/);
    expect(sh.text()).toBe(LAB_TEXT);
  });

  it("scale past the playground's limit is refused as the API server refuses a bad value, and the text is kept", () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('kubectl scale rc frontend --replicas=100000')).toBe(
      `The ReplicationController "frontend" is invalid: ${replicasProblem(100_000)}\n`,
    );
    expect(sh.text()).toBe(LAB_TEXT);
    expect(sh.run(`kubectl scale rc frontend --replicas=${MAX_PODS}`)).toBe('replicationcontroller/frontend scaled\n');
  });

  it('the files in ~ are the documents; delete -f and create -f take an object out and put it back', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('ls')).toBe('frontend-controller.yaml  frontend-service.yaml\n');
    expect(sh.run('cat frontend-service.yaml')).toBe(LAB_TEXT.slice(LAB_TEXT.indexOf('apiVersion: v1\nkind: Service')));
    expect(sh.run('kubectl create -f frontend-controller.yaml')).toBe(
      'Error from server (AlreadyExists): error when creating "frontend-controller.yaml": replicationcontrollers "frontend" already exists\n',
    );
    expect(sh.run('kubectl delete -f frontend-controller.yaml')).toBe('replicationcontroller "frontend" deleted\n');
    expect(simulate(sh.text()).state.pods).toEqual([]);
    expect(sh.text()).toContain('# The lab');
    expect(sh.run('kubectl get pods')).toBe('No resources found in default namespace.\n');
    // The file outlives its document, as on disk.
    expect(sh.run('ls')).toBe('frontend-controller.yaml  frontend-service.yaml\n');
    expect(sh.run('kubectl create -f frontend-controller.yaml')).toBe('replicationcontroller/frontend created\n');
    expect(simulate(sh.text()).state.pods.map((p) => p.name)).toEqual([pod.name]);
    expect(sh.run('kubectl delete -f nope.yaml')).toBe('error: the path "nope.yaml" does not exist\n');
  });

  it('apply creates, configures or leaves unchanged; a file from -o yaml applies (status is ignored)', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('kubectl apply -f frontend-service.yaml')).toBe('service/frontend unchanged\n');
    sh.run('kubectl get rc frontend -o yaml > rc.yaml');
    expect(sh.run('ls')).toBe('frontend-controller.yaml  frontend-service.yaml  rc.yaml\n');
    expect(sh.run('kubectl apply -f rc.yaml')).toBe('replicationcontroller/frontend configured\n');
    expect(simulate(sh.text()).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sh.text()).not.toContain('status:');
  });

  it('an invalid manifest is refused with the API server message and the text stays', () => {
    const sh = textShell(LAB_TEXT);
    sh.run(
      'echo -e "apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: web\\nspec:\\n  containers:\\n  - name: web\\n    image: nginx\\n    ports:\\n    - containerport: 80" > web.yaml',
    );
    expect(sh.run('kubectl create -f web.yaml')).toBe(
      'Error from server (BadRequest): error when creating "web.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].ports[0].containerport"\n',
    );
    expect(sh.text()).toBe(LAB_TEXT);
    sh.run(
      'echo -e "apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: web\\nspec:\\n  containers:\\n  - name: web\\n    image: nginx" > web.yaml',
    );
    expect(sh.run('kubectl create -f web.yaml')).toBe('pod/web created\n');
    expect(sh.run('kubectl get pods -o name')).toContain('pod/web\n');
    expect(sh.run('kubectl delete pod web')).toBe('pod "web" deleted\n');
    expect(sh.text()).toBe(LAB_TEXT);
  });
});

describe('kubectl exec', () => {
  it('runs a command in the pod (first container) wherever it runs', () => {
    const sh = textShell(LAB_TEXT, { node: 'k8smaster03' });
    expect(sh.run(`kubectl exec ${pod.name} -- hostname`)).toBe(`${pod.name}\n`);
    expect(sh.run(`kubectl exec ${pod.name} -- ip route`)).toContain('default via 172.17.1.1 dev eth0');
    expect(sh.run('kubectl exec nope -- ls')).toBe('Error from server (NotFound): pods "nope" not found\n');
  });
});

describe('kubectl -n with a manifest', () => {
  it('puts an object that names no namespace into the one given, and refuses a conflicting one', async () => {
    const { textShell } = await import('../../src/terminal/index.ts');
    const { LAB_TEXT } = await import('../helpers.ts');
    const sh = textShell(LAB_TEXT);
    sh.run('kubectl delete -f frontend-service.yaml');
    expect(sh.run('kubectl apply -f frontend-service.yaml -n kube-system')).toContain('service/frontend created');
    expect(sh.run('kubectl get svc -n kube-system')).toMatch(/^frontend\s+ClusterIP/m);
    expect(sh.text()).toMatch(/metadata:\n {2}namespace: kube-system\n/);
  });
});

describe('kubectl get networkpolicies', () => {
  it('lists each policy with its pod selector (<none> for every pod), and serves it as the API does', () => {
    const sh = textShell(fixture('network-policy.yaml'));
    expect(sh.run('kubectl get networkpolicy')).toBe(
      [
        'NAME              POD-SELECTOR   AGE',
        'client-egress     app=client     2m',
        'db-deny-all       app=db         2m',
        'web-from-client   app=web        2m',
        '',
      ].join('\n'),
    );
    expect(sh.run('kubectl get netpol -n other')).toBe('NAME         POD-SELECTOR   AGE\nprobe-both   <none>         2m\n');
    const served = parse(sh.run('kubectl get netpol web-from-client -o yaml')) as { spec: unknown };
    expect(served.spec).toEqual({
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: 'client' } } }, { namespaceSelector: { matchLabels: { team: 'blue' } } }],
          ports: [{ port: 'http', protocol: 'TCP' }],
        },
      ],
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
    });
    expect(sh.run('kubectl get all')).not.toMatch(/networkpolicy/);
  });
});

describe('kubectl describe networkpolicy', () => {
  it("prints the spec as kubectl's describer does: ports, then peers, rules parted by dashes; a direction the policy does not isolate is not affected", () => {
    const sh = textShell(fixture('network-policy.yaml'));
    expect(sh.run('kubectl describe netpol client-egress')).toBe(
      [
        'Name:         client-egress',
        'Namespace:    default',
        'Created on:   2026-11-26 11:58:00 +0000 UTC',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Spec:',
        '  PodSelector:     app=client',
        '  Not affecting ingress traffic',
        '  Allowing egress traffic:',
        '    To Port: <any> (traffic allowed to all ports)',
        '    To:',
        '      PodSelector: app=web',
        '    ----------',
        '    To Port: <any> (traffic allowed to all ports)',
        '    To:',
        '      NamespaceSelector: team=blue',
        '    ----------',
        '    To Port: 6443/TCP',
        '    To:',
        '      IPBlock:',
        '        CIDR: 172.18.0.0/16',
        '        Except: 172.18.0.1/32',
        '  Policy Types: Egress',
        '',
      ].join('\n'),
    );
    expect(sh.run('kubectl describe netpol db-deny-all')).toContain(
      '  PodSelector:     app=db\n  Allowing ingress traffic:\n    <none> (Selected pods are isolated for ingress connectivity)\n  Not affecting egress traffic\n  Policy Types: Ingress\n',
    );
    expect(sh.run('kubectl describe netpol -n other probe-both')).toContain(
      '  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)\n',
    );
    expect(sh.run('kubectl describe netpol -n other probe-both')).toContain(
      '    To: <any> (traffic not restricted by destination)\n  Policy Types: Ingress, Egress\n',
    );
  });
});
