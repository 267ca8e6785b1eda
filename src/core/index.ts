/**
 * src/core: the simulation, from scenario text to cluster state. Pure TypeScript with no DOM,
 * no React and no store, so it runs in the page, in a Web Worker, in Node (CLI, tests).
 * It imports nothing from outside src/core.
 */
export { simulate, type DocumentSpan, type Simulation } from './pipeline.ts';
export * from './limits.ts';
export { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode, type Severity, type TextEdit } from './diagnostics.ts';
export type * from './model.ts';
export { LAB_CLUSTER } from './validate/cluster.ts';
