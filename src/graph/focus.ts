/**
 * What a lesson step is about, said with names that survive edits (a node's name, a
 * controller's name for its pods, a service's name), and the graph elements that stand for it
 * now (pure). A pod's generated name changes with every edit; its controller's does not.
 */
import type { GraphElement } from './elements.ts';

export type FocusTarget =
  | { readonly node: string }
  /** A node's route list. */
  | { readonly routes: string }
  /** A node's docker0 bridge. */
  | { readonly bridge: string }
  /** The pods of a controller or a deployment (`app-…`), or the pod of that name. */
  | { readonly pods: string }
  | { readonly service: string }
  | { readonly host: string }
  /** The pods no node took. */
  | { readonly pending: true };

export interface Focus {
  /** The elements the step is about: highlighted, the rest dimmed. */
  readonly on: readonly FocusTarget[];
  /** The step's flow too: the view takes in its whole path. */
  readonly flow?: boolean;
}

function matches(target: FocusTarget, e: GraphElement<unknown>): boolean {
  const ref = e.data.ref;
  if ('node' in target) return ref.type === 'node' && ref.name === target.node;
  if ('routes' in target) return ref.type === 'routes' && ref.node === target.routes;
  if ('bridge' in target) return ref.type === 'interface' && ref.node === target.bridge && ref.name === 'docker0';
  if ('pods' in target) return ref.type === 'pod' && (ref.name === target.pods || ref.name.startsWith(`${target.pods}-`));
  // A service's load balancer is part of it.
  if ('service' in target) return (ref.type === 'service' || ref.type === 'load-balancer') && ref.name === target.service;
  if ('host' in target) return ref.type === 'host' && ref.name === target.host;
  return ref.type === 'pod' && e.group === 'nodes' && e.classes.split(' ').includes('pending');
}

/** The ids of the graph's nodes (boxes and leaves, not links) that each target names, in order. */
export function focusIds(targets: readonly FocusTarget[], elements: readonly GraphElement<unknown>[]): string[] {
  const ids = new Set<string>();
  for (const t of targets) for (const e of elements) if (e.group === 'nodes' && matches(t, e)) ids.add(e.data.id);
  return [...ids];
}

/** The targets that name nothing in the graph (a lesson's mistake, or an edit that removed it). */
export function missingTargets(targets: readonly FocusTarget[], elements: readonly GraphElement<unknown>[]): FocusTarget[] {
  return targets.filter((t) => focusIds([t], elements).length === 0);
}
