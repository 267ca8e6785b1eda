/**
 * The "Walls" exercises, checked by the reachability matrix: a right answer passes, and a wrong
 * one is told which pairs are not as asked and which policy stopped them.
 */
import { describe, expect, it } from 'vitest';
import { checkExercise } from '../../src/scenarios/exercises.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';

const lesson = SCENARIOS.find((s) => s.id === 'walls')!;
const exercise = (id: string) => {
  const step = lesson.steps.find((s) => s.id === id)!;
  return { text: step.text, check: step.exercise!.check };
};

const policy = (name: string, spec: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: shop
spec:
${spec}`;

const DB_FROM_BACKEND = policy(
  'db-from-backend',
  `  podSelector:
    matchLabels: {app: db}
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: backend}
    ports:
    - {protocol: TCP, port: 5432}
`,
);
const BACKEND_TO_DB = policy(
  'backend-to-db',
  `  podSelector:
    matchLabels: {app: backend}
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector:
        matchLabels: {app: db}
    ports:
    - {protocol: TCP, port: 5432}
`,
);
const DB_FROM_ANYWHERE = policy(
  'db-from-anywhere',
  `  podSelector:
    matchLabels: {app: db}
  ingress:
  - from:
    - namespaceSelector: {}
`,
);
const BACKEND_TO_DNS = policy(
  'backend-to-dns',
  `  podSelector:
    matchLabels: {app: backend}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: kube-system}
      podSelector:
        matchLabels: {k8s-app: kube-dns}
    ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
`,
);
const BACKEND_TO_KUBE_SYSTEM = policy(
  'backend-to-kube-system',
  `  podSelector:
    matchLabels: {app: backend}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: kube-system}
`,
);

describe('exercise: only backend may reach db on 5432', () => {
  const { text, check } = exercise('exercise-db');

  it('as given, nobody reaches db: the check names backend → db and the policy in the way', () => {
    const r = checkExercise(text, check);
    expect(r.passed).toBe(false);
    expect(r.message.en).toMatch(
      /^1 of \d+ pairs are not as asked: backend → db:5432\/TCP is rejected by shop\/default-deny-egress \(no egress rule lets it out\), and should be delivered\.$/,
    );
    expect(r.message.zh).toContain('backend → db:5432/TCP 被 shop/default-deny-egress 拒绝（没有出站规则放行），应当被送达');
  });

  it('a door on one side only is not enough: the other wall still rejects', () => {
    const r = checkExercise(text + BACKEND_TO_DB, check);
    expect(r.passed).toBe(false);
    expect(r.message.en).toMatch(/backend → db:5432\/TCP is rejected by shop\/default-deny-ingress \(no ingress rule lets it in\)/);
  });

  it('db opened to every namespace lets CoreDNS in too: those pairs are named', () => {
    const r = checkExercise(text + BACKEND_TO_DB + DB_FROM_ANYWHERE, check);
    expect(r.passed).toBe(false);
    expect(r.message.en).toMatch(
      /^2 of \d+ pairs are not as asked: coredns-\S+ → db:5432\/TCP is delivered, and should not be; coredns-\S+ → db:5432\/TCP is delivered, and should not be\.$/,
    );
  });

  it('an ingress door on db and an egress door on backend pass', () => {
    const r = checkExercise(text + DB_FROM_BACKEND + BACKEND_TO_DB, check);
    expect(r).toMatchObject({
      passed: true,
      message: { en: expect.stringMatching(/^Yes: all \d+ pairs of pods on 5432\/TCP are as asked\.$/) },
    });
  });
});

describe('exercise: backend may reach nothing but db and DNS', () => {
  const { text, check } = exercise('exercise-backend');

  it('as given (no walls), backend reaches frontend and the metrics port', () => {
    const r = checkExercise(text, check);
    expect(r.passed).toBe(false);
    expect(r.message.en).toMatch(
      /^3 of \d+ pairs are not as asked: backend → frontend:80\/TCP is delivered, and should not be; backend → coredns-\S+:9153\/TCP is delivered, and should not be; backend → coredns-\S+:9153\/TCP is delivered, and should not be\.$/,
    );
  });

  it('db alone leaves backend without DNS: the lookups are named with the policy', () => {
    const r = checkExercise(text + BACKEND_TO_DB, check);
    expect(r.passed).toBe(false);
    expect(r.message.en).toMatch(
      /backend → coredns-\S+:53\/UDP is rejected by shop\/backend-to-db \(no egress rule lets it out\), and should be delivered/,
    );
  });

  it('the whole of kube-system is more than DNS: the metrics port is named', () => {
    const r = checkExercise(text + BACKEND_TO_DB + BACKEND_TO_KUBE_SYSTEM, check);
    expect(r.passed).toBe(false);
    expect(r.message.en).toMatch(
      /^2 of \d+ pairs are not as asked: backend → coredns-\S+:9153\/TCP is delivered, and should not be; backend → coredns-\S+:9153\/TCP is delivered, and should not be\.$/,
    );
  });

  it('a namespace-wide wall stops the other pods too', () => {
    const r = checkExercise(
      text + BACKEND_TO_DB + BACKEND_TO_DNS + policy('default-deny-egress', '  podSelector: {}\n  policyTypes: [Egress]\n'),
      check,
    );
    expect(r.passed).toBe(false);
    expect(r.message.en).toMatch(/frontend → backend:8080\/TCP is rejected by shop\/default-deny-egress/);
  });

  it('egress to db on 5432 and to the DNS pods on 53 passes', () => {
    const r = checkExercise(text + BACKEND_TO_DB + BACKEND_TO_DNS, check);
    expect(r.passed, r.message.en).toBe(true);
    expect(r.message.zh).toMatch(/^正确：5432\/TCP, 8080\/TCP, 80\/TCP, 53\/UDP, 9153\/TCP 上全部 \d+ 对 Pod 都符合要求。$/);
  });
});
