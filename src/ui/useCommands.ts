/**
 * Runs a lesson step's commands on the shown simulation, in a fresh shell on the named node.
 * {pause:APP}, {app:APP/CONTAINER} and {node:APP} stand for the first pod of APP's pause
 * container ID, an app container's ID and its node, as the simulation made them.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ClusterState } from '../core/model.ts';
import type { Derived } from '../store/simulation.ts';

type Terminal = typeof import('../terminal/index.ts');
/**
 * The shell is loaded after the first paint, not with the page: it brings the terminal's commands
 * and their linear-time regular expressions (re2js), which the first graph does not need.
 */
let terminal: Terminal | undefined;
const loadTerminal = () => import('../terminal/index.ts').then((m) => (terminal = m));

export function resolvePlaceholders(text: string, state: ClusterState): string {
  return text.replace(/\{(pause|app|node):([^}/]+)(?:\/([^}]+))?\}/g, (whole, kind: string, app: string, container?: string) => {
    const pod = state.pods.find((p) => p.name.startsWith(`${app}-`) && p.phase === 'Running');
    if (!pod) return whole;
    if (kind === 'node') return pod.node ?? whole;
    const c = kind === 'pause' ? pod.containers[0] : pod.containers.find((x) => x.name === container);
    return c ? c.id.slice(0, 12) : whole;
  });
}

/** A step's command and its output; the output is undefined while the shell loads. */
export function useCommands(shown: Derived) {
  const [loaded, setLoaded] = useState(terminal !== undefined);
  useEffect(() => {
    if (!loaded) void loadTerminal().then(() => setLoaded(true));
  }, [loaded]);
  return useCallback(
    (line: string, node: string | undefined): { prompt: string; text: string } | undefined => {
      if (!loaded || !terminal) return undefined;
      const state = shown.sim.state;
      const data = { text: shown.text, state, dataplane: shown.dataplane };
      const on = node ? resolvePlaceholders(node, state) : state.cluster.nodes[0]?.name;
      const shell = terminal.createShell({ current: () => data, setText: () => undefined }, on ? { node: on } : {});
      const command = resolvePlaceholders(line, state);
      return { prompt: `${shell.prompt()}${command}\n`, text: shell.execute(command).output };
    },
    [shown, loaded],
  );
}
