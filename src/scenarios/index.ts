/** Built-in scenarios. The lab's is the default: what the page opens with. */
import lab from './lab.yaml?raw';

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export const SCENARIOS: readonly Scenario[] = [{ id: 'lab', title: 'Pod and Service network practice', text: lab }];

export const DEFAULT_SCENARIO: Scenario = SCENARIOS[0]!;
