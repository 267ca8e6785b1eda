/**
 * Which commands exist where. A node has the whole lab's toolbox; an app container (entered
 * with `docker exec -it ID bash`) has a Debian-like userland without docker, kubectl, brctl,
 * ipvsadm or conntrack; the pause container has nothing.
 */
import type { ContainerRuntime } from '../../core/model.ts';
import type { Command } from '../types.ts';
import { crictl } from './crictl.ts';
import { curl, ping } from './curl.ts';
import { dig, host, nslookup } from './dns.ts';
import { dockerCommand } from './docker.ts';
import { kubectlCommand } from './kubectl.ts';
import { nft } from './nft.ts';
import { bridge, brctl, conntrack, ifconfig, ip, ipset, iptables, iptablesSaveCommand, ipvsadm, route } from './net.ts';
import {
  cd,
  clear,
  echo,
  envCommand,
  exit,
  falseCommand,
  help,
  historyCommand,
  hostname,
  ls,
  pwd,
  ssh,
  trueCommand,
  whoami,
} from './system.ts';
import { cat, grep, head, sort, tail, wc } from './text.ts';

/** Commands of both places. */
const COMMON: Readonly<Record<string, Command>> = {
  cat,
  cd,
  clear,
  curl,
  dig,
  echo,
  env: envCommand,
  exit,
  logout: exit,
  false: falseCommand,
  grep,
  head,
  help,
  history: historyCommand,
  host,
  hostname,
  ifconfig,
  ip,
  iptables,
  'iptables-save': iptablesSaveCommand,
  ls,
  nslookup,
  ping,
  pwd,
  route,
  sort,
  tail,
  true: trueCommand,
  wc,
  whoami,
};

const lookup = (name: string, inContainer: boolean): Command | undefined => commandFor(name, inContainer, false);

const NODE_ONLY: Readonly<Record<string, Command>> = {
  bridge,
  brctl,
  conntrack,
  crictl,
  docker: dockerCommand(lookup),
  ipvsadm,
  ipset,
  kubectl: kubectlCommand(lookup),
  nft,
  ssh,
};

/** The container CLI a node's runtime installs: docker with Docker, crictl with containerd. */
const RUNTIME_CLI: Readonly<Record<ContainerRuntime, string>> = { docker: 'docker', containerd: 'crictl' };

const missingOn = (runtime: ContainerRuntime, base: string) => Object.values(RUNTIME_CLI).includes(base) && RUNTIME_CLI[runtime] !== base;

/** The names completion offers on a node, or in a container. */
export function commandNames(inContainer: boolean, runtime: ContainerRuntime = 'docker'): string[] {
  return Object.keys(inContainer ? COMMON : { ...COMMON, ...NODE_ONLY })
    .filter((name) => !missingOn(runtime, name))
    .sort();
}

/** The command a name runs where the shell is (`/usr/bin/docker` runs docker). */
export function commandFor(name: string, inContainer: boolean, pause: boolean, runtime: ContainerRuntime = 'docker'): Command | undefined {
  if (pause) return undefined;
  const base = /^\/(usr\/)?(s?bin|local\/s?bin)\//.test(name) ? name.slice(name.lastIndexOf('/') + 1) : name;
  // A containerd node (kind's) has no docker installed, and the book's Docker nodes predate crictl.
  if (missingOn(runtime, base)) return undefined;
  if (Object.hasOwn(COMMON, base)) return COMMON[base];
  if (!inContainer && Object.hasOwn(NODE_ONLY, base)) return NODE_ONLY[base];
  return undefined;
}
