// Properties of the tracer over generated valid clusters: every trace terminates with a verdict,
// every delivered connection's reply comes back from the address the client talked to (the NAT
// on the way out is undone on the way back), and no hop is visited without end.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nsId } from '../../src/core/namespace-id.ts';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import { traceMany, type TraceRequest } from '../../src/core/trace/index.ts';
import { validScenario } from './arbitraries.ts';

const VERDICTS = ['delivered', 'rejected', 'dropped', 'refused', 'unreachable', 'closed'];

describe('traces on generated clusters', () => {
  it('terminate, and a delivered reply comes back from the address the client used', () => {
    let delivered = 0;
    fc.assert(
      fc.property(validScenario, fc.nat(), (s, pick) => {
        const sim = simulate(s.text);
        const dp = buildDataplane(sim.state);
        const running = sim.state.pods.filter((p) => p.phase === 'Running');
        const sources = [
          ...sim.state.cluster.hosts.map((h) => nsId.host(h.name)),
          ...sim.state.cluster.nodes.map((n) => nsId.node(n.name)),
          ...running.map((p) => nsId.pod(p.namespace, p.name)),
        ];
        const targets: TraceRequest['to'][] = [
          ...sim.state.services
            .filter((x) => x.clusterIP !== 'None')
            .flatMap((x) => x.ports.map((p) => ({ ip: x.clusterIP, port: p.port }))),
          ...sim.state.services.flatMap((x) =>
            x.ports
              .filter((p) => p.nodePort)
              .map((p) => ({ ip: sim.state.cluster.nodes[pick % sim.state.cluster.nodes.length]!.ip, port: p.nodePort! })),
          ),
          ...running.filter((p) => p.ip).map((p) => ({ ip: p.ip!, port: p.spec.containers[0]?.ports[0]?.containerPort ?? 80 })),
        ];
        if (sources.length === 0 || targets.length === 0) return;
        const request: TraceRequest = {
          from: sources[pick % sources.length]!,
          to: targets[(pick >> 3) % targets.length]!,
          proto: pick % 5 === 0 ? 'udp' : 'tcp',
        };
        const { traces } = traceMany(dp, request, 4, pick);
        for (const t of traces) {
          expect(VERDICTS, JSON.stringify(request)).toContain(t.verdict);
          expect(t.hops.length).toBeLessThan(500);
          if (t.verdict !== 'delivered') continue;
          delivered++;
          const last = t.hops[t.hops.length - 1]!;
          expect(last.kind).toBe('deliver');
          expect(last.direction).toBe('reply');
          // The client sees the reply come from where it sent the request: NAT undone.
          expect({ ip: last.after.src, port: last.after.sport }).toEqual({ ip: t.request.dst, port: t.request.dport });
          expect({ ip: last.after.dst, port: last.after.dport }).toEqual({ ip: t.request.src, port: t.request.sport });
        }
      }),
      { numRuns: 60 },
    );
    // The generator must give the reply check something to check.
    expect(delivered).toBeGreaterThan(20);
  });
});
