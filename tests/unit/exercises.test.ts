import { describe, expect, it } from 'vitest';
import { nsId } from '../../src/core/namespace-id.ts';
import { checkExercise } from '../../src/scenarios/exercises.ts';
import { LAB_TEXT, scenarioFile } from '../helpers.ts';

describe('exercises are checked by running flows', () => {
  const reach = { kind: 'reachable-on-node-port', from: nsId.host('laptop'), port: 8080, pods: 'frontend' } as const;

  it('fails the lab as it is, and passes any manifest that publishes 8080', () => {
    expect(checkExercise(LAB_TEXT, reach).passed).toBe(false);
    expect(checkExercise(LAB_TEXT.replace('hostPort: 80', 'hostPort: 8080'), reach).passed).toBe(true);
  });

  it('does not pass a NodePort on 8080: node ports start at 30000, so the manifest is refused', () => {
    const text = `${LAB_TEXT}  type: NodePort\n`.replace('  - port: 80\n', '  - port: 80\n    nodePort: 8080\n');
    const result = checkExercise(text, reach);
    expect(result.passed).toBe(false);
    expect(result.message.en).toMatch(/error/);
  });

  it('counts the pods a service reaches', () => {
    const spread = { kind: 'spread', service: 'frontend', pods: 3 } as const;
    expect(checkExercise(LAB_TEXT, spread).passed).toBe(false);
    expect(checkExercise(LAB_TEXT.replace('replicas: 1', 'replicas: 3'), spread).passed).toBe(true);
    expect(checkExercise(scenarioFile('no-endpoints.yaml'), spread).passed).toBe(false);
  });
});
