/**
 * src/terminal: a simulated shell on the cluster's nodes, pure (no DOM), so it runs and is
 * tested in Node. It parses command lines (quotes, pipes, `;`, `&&`, redirections), dispatches
 * to the lab's commands (kubectl, docker, ip, ifconfig, brctl, iptables, ipvsadm, conntrack,
 * curl, ping, ssh, cat, grep…), which print the real tools' formats from the simulation via the
 * printers of src/core/print. It may import src/core only. In the page the shell runs in a Web
 * Worker (remote/: a time limit and Ctrl+C end a command that runs too long); screen.ts and the
 * pure line-editor.ts turn keys into lines and drawing, and src/ui/TerminalPane.tsx attaches
 * xterm to them. Everything it prints passes through the core's escapeControls.
 *
 * @example
 * const shell = createShell({ current: () => shellData(text), setText: (t) => (text = t) });
 * shell.execute('docker ps | grep pause').output;
 */
export { createShell } from './shell.ts';
export { shellData, textShell, type TextShell } from './data.ts';
export { parseLine } from './parse.ts';
export type { Completion, Effect, Shell, ShellContext, ShellData, ShellResult } from './types.ts';
