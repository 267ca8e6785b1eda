/**
 * A network namespace's iptables: tables of chains of rules, built from iptables-save lines and
 * printed back as iptables-save prints them (built-in chains first, then user chains by name).
 */
import { parseRule, type Rule, type TableName } from './rule.ts';

export const BUILTIN_CHAINS: Readonly<Record<TableName, readonly string[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export interface Chain {
  readonly name: string;
  /** Built-in chains have a policy; user chains do not. */
  readonly policy?: 'ACCEPT' | 'DROP';
  readonly rules: Rule[];
}

export interface Table {
  readonly name: TableName;
  readonly chains: ReadonlyMap<string, Chain>;
}

export type Ruleset = ReadonlyMap<TableName, Table>;

/** What writes rules: a node's ruleset, or a recording shared by many nodes. */
export interface RuleWriter {
  chain(table: TableName, name: string): void;
  add(table: TableName, ...lines: string[]): void;
  prepend(table: TableName, ...lines: string[]): void;
}

type Op = { kind: 'chain'; table: TableName; name: string } | { kind: 'add' | 'prepend'; table: TableName; rules: Rule[] };

/**
 * Rules written once and replayed into many rulesets: kube-proxy's iptables rules are the same on
 * every node, so they are written, hashed and parsed once, and the chains it owns alone (KUBE-SVC,
 * KUBE-SEP, KUBE-SERVICES, …) are shared by every node's ruleset rather than copied into each.
 */
export class RuleRecording implements RuleWriter {
  private readonly ops: Op[] = [];
  private readonly template = new RulesetBuilder();

  chain(table: TableName, name: string): void {
    this.ops.push({ kind: 'chain', table, name });
    this.template.chain(table, name);
  }

  add(table: TableName, ...lines: string[]): void {
    const rules = lines.map(parseRule);
    this.ops.push({ kind: 'add', table, rules });
    this.template.addRules(table, rules);
  }

  prepend(table: TableName, ...lines: string[]): void {
    const rules = lines.map(parseRule);
    this.ops.push({ kind: 'prepend', table, rules });
    this.template.prependRules(table, rules);
  }

  /** The recording as steps for a ruleset: its own chains as one shared layer per table, then the built-in chains' rules. */
  private plan?: { readonly steps: readonly Step[]; readonly ops: number };

  replay(into: RulesetBuilder): void {
    if (this.plan?.ops !== this.ops.length) this.plan = { steps: this.compile(), ops: this.ops.length };
    for (const step of this.plan.steps) {
      if (step.kind === 'share') into.share(step.table, step.chains);
      else if (step.kind === 'chain') into.chain(step.table, step.name);
      else if (step.kind === 'add') into.addRules(step.table, step.rules);
      else into.prependRules(step.table, step.rules);
    }
  }

  /**
   * Made once for every node that replays it: a node's table takes kube-proxy's own chains as a
   * layer by reference (their rules come with them), so a node costs its built-in chains' rules
   * only, not one entry per service chain.
   */
  private compile(): Step[] {
    const layers = new Map<TableName, Map<string, Chain>>();
    const steps: Step[] = [];
    for (const op of this.ops) {
      const builtin = BUILTIN_CHAINS[op.table];
      const own = op.kind === 'chain' ? [op.name] : op.rules.map((r) => r.chain);
      for (const name of own) {
        if (builtin.includes(name)) continue;
        let layer = layers.get(op.table);
        if (!layer) layers.set(op.table, (layer = new Map()));
        layer.set(name, this.template.table(op.table).chains.get(name)!);
      }
      if (op.kind === 'chain') {
        if (builtin.includes(op.name)) steps.push(op);
        continue;
      }
      const rules = op.rules.filter((r) => builtin.includes(r.chain));
      if (rules.length > 0) steps.push({ kind: op.kind, table: op.table, rules });
    }
    return [...[...layers].map(([table, chains]): Step => ({ kind: 'share', table, chains })), ...steps];
  }
}

type Step = Op | { kind: 'share'; table: TableName; chains: ReadonlyMap<string, Chain> };

/**
 * A table's chains: its own over a layer it shares with other rulesets (kube-proxy's chains,
 * the same on every node). A chain of the layer is copied into the table's own before the table
 * writes to it.
 */
class LayeredChains implements ReadonlyMap<string, Chain> {
  readonly own = new Map<string, Chain>();
  shared: ReadonlyMap<string, Chain> = new Map();

  get(name: string): Chain | undefined {
    return this.own.get(name) ?? this.shared.get(name);
  }

  has(name: string): boolean {
    return this.own.has(name) || this.shared.has(name);
  }

  get size(): number {
    let n = this.own.size;
    for (const name of this.shared.keys()) if (!this.own.has(name)) n++;
    return n;
  }

  *entries(): MapIterator<[string, Chain]> {
    yield* this.own.entries();
    for (const entry of this.shared) if (!this.own.has(entry[0])) yield entry;
  }

  *keys(): MapIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): MapIterator<Chain> {
    for (const [, chain] of this.entries()) yield chain;
  }

  [Symbol.iterator](): MapIterator<[string, Chain]> {
    return this.entries();
  }

  forEach(fn: (chain: Chain, name: string, map: ReadonlyMap<string, Chain>) => void): void {
    for (const [name, chain] of this.entries()) fn(chain, name, this);
  }
}

/** Builds tables as iptables-restore would from a table name and its lines. */
export class RulesetBuilder implements RuleWriter {
  private readonly tables = new Map<TableName, { readonly name: TableName; readonly chains: LayeredChains }>();

  /** Takes a layer of chains by reference (each stays shared until this ruleset writes to it). */
  share(table: TableName, chains: ReadonlyMap<string, Chain>): void {
    const t = this.draft(table).chains;
    t.shared = t.shared.size === 0 ? chains : new Map([...t.shared, ...chains]);
  }

  /** The chain to write to: declared if new, copied first if it is shared. */
  private writable(table: TableName, name: string): Chain {
    const { own, shared } = this.draft(table).chains;
    let chain = own.get(name);
    if (chain) return chain;
    const layer = shared.get(name);
    chain = layer ? { ...layer, rules: [...layer.rules] } : { name, rules: [] };
    own.set(name, chain);
    return chain;
  }

  table(name: TableName): Table {
    return this.draft(name);
  }

  private draft(name: TableName) {
    let t = this.tables.get(name);
    if (!t) {
      t = { name, chains: new LayeredChains() };
      for (const c of BUILTIN_CHAINS[name]) t.chains.own.set(c, { name: c, policy: 'ACCEPT', rules: [] });
      this.tables.set(name, t);
    }
    return t;
  }

  /** Declares a user chain (`:NAME - [0:0]`), also when it stays empty. */
  chain(table: TableName, name: string): void {
    const t = this.draft(table).chains;
    if (!t.has(name)) t.own.set(name, { name, rules: [] });
  }

  policy(table: TableName, chain: string, policy: 'ACCEPT' | 'DROP'): void {
    const c = this.writable(table, chain);
    this.draft(table).chains.own.set(chain, { ...c, policy });
  }

  /** Appends rules given as iptables-save lines (`-A CHAIN …`), declaring their chains. */
  add(table: TableName, ...lines: string[]): void {
    this.addRules(table, lines.map(parseRule));
  }

  /** Puts rules before the existing ones of their chain (`iptables -I`). */
  prepend(table: TableName, ...lines: string[]): void {
    this.prependRules(table, lines.map(parseRule));
  }

  addRules(table: TableName, rules: readonly Rule[]): void {
    for (const rule of rules) this.writable(table, rule.chain).rules.push(rule);
  }

  prependRules(table: TableName, rules: readonly Rule[]): void {
    for (const rule of [...rules].reverse()) this.writable(table, rule.chain).rules.unshift(rule);
  }

  build(): Ruleset {
    return this.tables;
  }
}

const TABLE_ORDER: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter'];

/** The text of `iptables-save` (optionally of one table), loadable by `iptables-restore`. */
export function iptablesSave(rules: Ruleset, only?: TableName, stamp = 'Thu Nov 26 12:00:00 2026'): string {
  const out: string[] = [];
  for (const name of TABLE_ORDER) {
    const table = rules.get(name);
    if (!table || (only && only !== name)) continue;
    out.push(`# Generated by iptables-save v1.8.9 on ${stamp}`, `*${name}`);
    const builtins = BUILTIN_CHAINS[name];
    const users = [...table.chains.keys()].filter((c) => !builtins.includes(c)).sort();
    for (const c of builtins) out.push(`:${c} ${table.chains.get(c)!.policy ?? 'ACCEPT'} [0:0]`);
    for (const c of users) out.push(`:${c} - [0:0]`);
    for (const c of [...builtins, ...users]) for (const r of table.chains.get(c)!.rules) out.push(r.text);
    out.push('COMMIT', `# Completed on ${stamp}`);
  }
  return `${out.join('\n')}\n`;
}
