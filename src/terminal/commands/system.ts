/**
 * The shell's own commands and the basic tools: ls, cd, pwd, hostname, echo, env, export,
 * history, clear, help, ssh and exit, whoami, true, false.
 */
import type { ClusterState } from '../../core/model.ts';
import type { HelpWords } from '../../i18n/shell-words.ts';
import { HOME, isDirectory, listDirectory, resolvePath, visibleFiles } from '../files.ts';
import type { Command, Env, Here } from '../types.ts';

/** The environment kubelet gives a container: its own variables, then one set per service (docker links style). */
export function containerEnv(state: ClusterState, here: Here): Map<string, string> {
  const vars = new Map<string, string>([
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['HOSTNAME', here.hostname],
  ]);
  for (const e of here.container?.env ?? []) vars.set(e.name, e.value);
  for (const s of state.services) {
    if (s.namespace !== here.pod?.namespace || s.clusterIP === 'None' || s.ports.length === 0) continue;
    const name = s.name.toUpperCase().replace(/-/g, '_');
    const first = s.ports[0]!;
    vars.set(`${name}_SERVICE_HOST`, s.clusterIP);
    vars.set(`${name}_SERVICE_PORT`, String(first.port));
    for (const p of s.ports) if (p.name) vars.set(`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port));
    vars.set(`${name}_PORT`, `${first.protocol.toLowerCase()}://${s.clusterIP}:${first.port}`);
    for (const p of s.ports) {
      const key = `${name}_PORT_${p.port}_${p.protocol}`;
      vars.set(key, `${p.protocol.toLowerCase()}://${s.clusterIP}:${p.port}`);
      vars.set(`${key}_PROTO`, p.protocol.toLowerCase());
      vars.set(`${key}_PORT`, String(p.port));
      vars.set(`${key}_ADDR`, s.clusterIP);
    }
  }
  vars.set('HOME', '/root');
  return vars;
}

export const ls: Command = (args, env) => {
  const long = args.some((a) => /^-[a-zA-Z]*l/.test(a));
  const all = args.some((a) => /^-[a-zA-Z]*a/.test(a));
  const bad = args.find((a) => a.startsWith('-') && !/^-[lahtrS1]+$/.test(a));
  if (bad)
    return {
      err: `ls: invalid option -- '${bad.slice(1).replace(/[lahtrS1]/g, '')[0] ?? ''}'\nTry 'ls --help' for more information.`,
      code: 2,
    };
  const targets = args.filter((a) => !a.startsWith('-'));
  const files = visibleFiles(env);
  const show = targets.length === 0 ? ['.'] : targets;
  let out = '';
  let err = '';
  const entries = (dir: string) => [...(all ? ['.', '..'] : []), ...listDirectory(files, dir).filter((n) => all || !n.startsWith('.'))];
  const longLine = (path: string, name: string) => {
    const content = files.get(path);
    const dir = content === undefined;
    const size = dir ? 4096 : new TextEncoder().encode(content).length;
    return `${dir ? 'drwxr-xr-x.' : '-rw-r--r--.'} ${dir ? 2 : 1} root root ${String(size).padStart(5)} Nov 26 11:50 ${name}`;
  };
  show.forEach((t, i) => {
    const path = resolvePath(env.location.cwd, t);
    if (files.has(path)) {
      out += `${long ? longLine(path, t) : t}\n`;
      return;
    }
    if (!isDirectory(files, path)) {
      err += `ls: cannot access ${t}: No such file or directory\n`;
      return;
    }
    if (show.length > 1) out += `${i > 0 ? '\n' : ''}${t}:\n`;
    const names = entries(path);
    if (long)
      out += `total ${names.length * 4}\n${names.map((n) => longLine(resolvePath(path, n), n)).join('\n')}${names.length ? '\n' : ''}`;
    else if (names.length > 0) out += `${names.join('  ')}\n`;
  });
  return { out, err, code: err ? 2 : 0 };
};

export const cd: Command = (args, env) => {
  const target = args[0] ?? (env.here.container ? '/' : HOME);
  const path = resolvePath(env.location.cwd, target === '-' ? env.location.cwd : target);
  const files = visibleFiles(env);
  if (files.has(path)) return { err: `bash: cd: ${target}: Not a directory`, code: 1 };
  if (!isDirectory(files, path)) return { err: `bash: cd: ${target}: No such file or directory`, code: 1 };
  env.location.cwd = path;
  return {};
};

export const pwd: Command = (_args, env) => ({ out: env.location.cwd });

export const hostname: Command = (args, env) => {
  if (args[0] === '-i' || args[0] === '-I')
    return {
      out:
        env.here.ns.interfaces
          .filter((i) => i.kind !== 'loopback' && i.kind !== 'dummy')
          .flatMap((i) => i.addresses.map((a) => a.split('/')[0]))
          .join(' ') + (args[0] === '-I' ? ' ' : ''),
    };
  if (args.length > 0 && !args[0]!.startsWith('-')) return { err: 'hostname: you must be root to change the host name', code: 1 };
  return { out: env.here.hostname };
};

export const whoami: Command = () => ({ out: 'root' });

export const echo: Command = (args) => {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]!); i++) {
    if (args[i]!.includes('n')) newline = false;
    if (args[i]!.includes('e')) escapes = true;
    if (args[i]!.includes('E')) escapes = false;
  }
  let text = args.slice(i).join(' ');
  if (escapes) text = text.replace(/\\([nt\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
  return { out: newline ? `${text}\n` : text };
};

export const envCommand: Command = (_args, env) => {
  if (env.here.container) return { out: [...containerEnv(env.data.state, env.here)].map(([k, v]) => `${k}=${v}`).join('\n') };
  const names = ['HOSTNAME', 'SHELL', 'TERM', 'USER', 'PATH', 'PWD', 'HOME', 'LOGNAME'];
  return { out: names.map((n) => `${n}=${env.session.vars(n) ?? ''}`).join('\n') };
};

export const historyCommand: Command = (_args, env) => ({
  out: env.session.history.map((l, i) => `${String(i + 1).padStart(5)}  ${l}`).join('\n'),
});

export const clear: Command = (_args, env) => {
  env.session.effect({ kind: 'clear' });
  return {};
};

export const trueCommand: Command = () => ({ code: 0 });
export const falseCommand: Command = () => ({ code: 1 });

function resolveHost(env: Env, name: string): { ip: string; node?: string } | undefined {
  const { cluster } = env.data.state;
  const node = cluster.nodes.find((n) => n.name === name || n.ip === name);
  if (node) return { ip: node.ip, node: node.name };
  const host = cluster.hosts.find((h) => h.name === name || h.ip === name);
  if (host) return { ip: host.ip };
  return /^\d+\.\d+\.\d+\.\d+$/.test(name) ? { ip: name } : undefined;
}

export const ssh: Command = (args, env) => {
  const target = args.filter((a) => !a.startsWith('-')).pop();
  if (!target)
    return {
      err: 'usage: ssh [-1246AaCfGgKkMNnqsTtVvXxYy] [-b bind_address] [-c cipher_spec]\n           [-D [bind_address:]port] [-E log_file] [-e escape_char]\n           [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J [user@]host[:port]] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-p port] [-Q query_option] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           [user@]hostname [command]',
      code: 255,
    };
  const host = target.replace(/^[^@]*@/, '');
  const found = resolveHost(env, host);
  if (!found) return { err: `ssh: Could not resolve hostname ${host}: Name or service not known`, code: 255 };
  if (!found.node)
    return {
      err: `ssh: connect to host ${found.ip} port 22: ${env.data.state.cluster.hosts.some((h) => h.ip === found.ip) ? 'Connection refused' : 'No route to host'}`,
      code: 255,
    };
  env.session.push({ node: found.node }, HOME);
  return { out: `Last login: Thu Nov 26 11:50:12 2026 from ${env.data.state.cluster.hosts[0]?.ip ?? env.here.node.ip}` };
};

export const exit: Command = (_args, env) => {
  const inContainer = !!env.here.container;
  const node = env.here.node.name;
  if (!env.session.pop()) return { out: 'logout' };
  return { out: inContainer ? 'exit' : `logout\nConnection to ${node} closed.` };
};

/** What `help` lists: the commands of the lab, each with its description in the page's language. */
const HELP: readonly (readonly [string, keyof HelpWords | undefined])[] = [
  ['kubectl get pods|svc|endpoints|nodes|rc|rs|deploy [-o wide|yaml|json|name] [-l SEL] [-n NS] [-A]', 'get'],
  ['kubectl describe pod|svc|rc NAME', 'describe'],
  ['kubectl create|apply|delete -f FILE', 'change'],
  ['kubectl scale rc NAME --replicas=N', 'scale'],
  ['kubectl exec POD -- COMMAND', 'exec'],
  ['docker ps | inspect ID | port ID | exec [-it] ID COMMAND', 'docker'],
  ['crictl pods | ps | inspectp ID | inspect ID', 'crictl'],
  ['ifconfig, ip addr|route|link, route -n, brctl show', 'interfaces'],
  ['iptables-save [-t nat], iptables -t nat -L [-n] [-v], iptables -S', 'netfilter'],
  ['ipvsadm -Ln, conntrack -L', 'ipvs'],
  ['curl IP[:PORT], ping IP', 'traffic'],
  ['ssh NODE, exit, hostname', 'nodes'],
  ['ls, cat FILE, cd, grep, head, tail, wc, sort', 'files'],
  ['clear, history, help', undefined],
];

export const help: Command = (_args, env) => {
  const words = env.session.words();
  return {
    out: [words.helpIntro, '', ...HELP.map(([c, d]) => (d ? `  ${c}\n      ${words.help[d]}` : `  ${c}`)), '', ...words.helpOutro].join(
      '\n',
    ),
  };
};
