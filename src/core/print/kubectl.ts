/**
 * kubectl's views of the cluster state: the tables of `kubectl get` (with -o wide), the objects
 * of `-o yaml|json`, and `kubectl describe`. Each job has its file in kubectl/.
 */
export * from './kubectl/resources.ts';
export { listItems, printTable, formatEndpoints, formatLabels, type Item, type TableOptions } from './kubectl/get.ts';
export type { Sources } from './kubectl/objects.ts';
export { describeController, describeEndpoints, describeGeneric, describePod, describeService } from './kubectl/describe.ts';
export { describeNetworkPolicy } from './kubectl/describe-netpol.ts';
