/**
 * Version 1 of links and saved sessions named a lesson's step by its place (0-based). These are
 * the lessons' steps in the order v1 counted them, by id: frozen, never to be edited, so that a
 * v1 link or save keeps opening the step it meant however the lessons change.
 */
const V1_STEP_IDS: Readonly<Record<string, readonly string[]>> = {
  lab: [
    'routable-docker0',
    'environment',
    'written-manifest',
    'create-rc',
    'two-containers',
    'pause-container',
    'publish-service',
    'scale-to-three',
    'userspace-mode',
  ],
  scaling: ['three-pods'],
  'hostport-conflict': ['one-port-per-node'],
  'no-endpoints': ['selector-matches-nothing'],
  nodeport: ['every-node', 'keep-client-address'],
  'pod-to-pod': ['routed-not-nated'],
  egress: ['leaving', 'docker-rule'],
  headless: ['no-cluster-ip'],
  'named-port': ['target-port-name'],
  exercises: ['laptop-8080', 'three-pods', 'find-pending'],
  modes: ['userspace', 'iptables', 'ipvs'],
};

/** The id of the step a v1 link or save named by its place, if that lesson had it. */
export function v1StepId(lesson: string, step: number): string | undefined {
  return Object.hasOwn(V1_STEP_IDS, lesson) ? V1_STEP_IDS[lesson]![step] : undefined;
}

/** Every lesson v1 knew, with its steps' ids in v1's order (for the test that they all still exist). */
export function v1Lessons(): Readonly<Record<string, readonly string[]>> {
  return V1_STEP_IDS;
}
