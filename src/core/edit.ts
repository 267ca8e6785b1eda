/**
 * Edits of the scenario text that the page makes on the student's behalf (the kube-proxy mode
 * picker): each changes only what it must and leaves the rest of the text as it was written.
 */
import { parseAllDocuments } from 'yaml';
import type { KubeProxyMode } from './model.ts';
import { CLUSTER_API_VERSION } from './schema/cluster-schema.ts';

/** Sets `spec.kubeProxyMode` of the Cluster document, adding the document if there is none. */
export function setKubeProxyMode(text: string, mode: KubeProxyMode): string {
  const docs = parseAllDocuments(text);
  if (Array.isArray(docs)) {
    for (const doc of docs) {
      if (doc.errors.length > 0 || doc.get('kind') !== 'Cluster') continue;
      const existing = doc.getIn(['spec', 'kubeProxyMode'], true) as { range?: [number, number, number] } | undefined;
      if (existing?.range) return text.slice(0, existing.range[0]) + mode + text.slice(existing.range[1]);
      const spec = doc.get('spec', true) as { range?: [number, number, number]; items?: unknown[]; flow?: boolean } | undefined;
      if (spec?.range && spec.items && spec.items.length > 0 && !spec.flow) {
        const lineStart = text.lastIndexOf('\n', spec.range[0] - 1) + 1;
        const indent = text.slice(lineStart, spec.range[0]).match(/^\s*/)![0];
        return `${text.slice(0, lineStart)}${indent}kubeProxyMode: ${mode}\n${text.slice(lineStart)}`;
      }
      const [start, , end] = doc.range;
      doc.setIn(['spec', 'kubeProxyMode'], mode);
      return text.slice(0, start) + doc.toString() + text.slice(end);
    }
  }
  const header = `apiVersion: ${CLUSTER_API_VERSION}\nkind: Cluster\nmetadata:\n  name: lab\nspec:\n  kubeProxyMode: ${mode}\n---\n`;
  return header + text;
}
