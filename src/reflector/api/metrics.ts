/**
 * Prometheus text exposition (format 0.0.4) of the daemon's state: per-peer session state and
 * counters, RIB sizes, batches. Names follow Prometheus conventions (`_total` for counters).
 */
import type { ReflectorDaemon } from '../daemon/reflector-daemon.js';
import { describePeer } from './describe.js';

function labels(values: Record<string, string>): string {
  const parts = Object.entries(values).map(
    ([key, value]) => `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return `{${parts.join(',')}}`;
}

class Exposition {
  readonly #lines: string[] = [];

  family(
    name: string,
    type: 'gauge' | 'counter',
    help: string,
    samples: [Record<string, string>, number][],
  ): void {
    this.#lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [values, value] of samples)
      this.#lines.push(`${name}${Object.keys(values).length > 0 ? labels(values) : ''} ${value}`);
  }

  text(): string {
    return this.#lines.join('\n') + '\n';
  }
}

export function renderMetrics(daemon: ReflectorDaemon, now = Date.now()): string {
  const out = new Exposition();
  const peers = daemon.peers().map((runtime) => describePeer(daemon, runtime, now));
  const peerLabels = (p: (typeof peers)[number]): Record<string, string> => ({
    peer: p.name,
    address: p.address,
    family: p.family,
  });
  out.family(
    'rrlab_reflector_peer_up',
    'gauge',
    '1 when the BGP session is Established.',
    peers.map((p) => [peerLabels(p), p.state === 'Established' ? 1 : 0]),
  );
  out.family(
    'rrlab_reflector_peer_prefixes_received',
    'gauge',
    'Paths held in the Adj-RIB-In of the peer.',
    peers.map((p) => [peerLabels(p), p.counters.prefixesReceived]),
  );
  const counters: [keyof (typeof peers)[number]['counters'], string, string][] = [
    ['updatesReceived', 'rrlab_reflector_peer_updates_received_total', 'UPDATE messages received.'],
    ['updatesSent', 'rrlab_reflector_peer_updates_sent_total', 'UPDATE messages sent.'],
    [
      'routeRefreshReceived',
      'rrlab_reflector_peer_route_refresh_received_total',
      'ROUTE-REFRESH requests received.',
    ],
    ['routeRefreshSent', 'rrlab_reflector_peer_route_refresh_sent_total', 'ROUTE-REFRESH requests sent.'],
    [
      'establishedTransitions',
      'rrlab_reflector_peer_established_total',
      'Times the session reached Established.',
    ],
  ];
  for (const [key, name, help] of counters)
    out.family(
      name,
      'counter',
      help,
      peers.map((p) => [peerLabels(p), p.counters[key]]),
    );
  out.family(
    'rrlab_reflector_peer_queued_messages',
    'gauge',
    'Messages waiting for the socket to drain.',
    peers.map((p) => [peerLabels(p), p.counters.queuedMessages]),
  );
  out.family('rrlab_reflector_prefixes', 'gauge', 'Prefixes in the Loc-RIB.', [
    [{}, daemon.core.locRib.size],
  ]);
  out.family('rrlab_reflector_attribute_sets', 'gauge', 'Distinct interned attribute sets.', [
    [{}, daemon.core.interner.size],
  ]);
  out.family('rrlab_reflector_update_groups', 'gauge', 'Update groups.', [
    [{}, [...daemon.core.updateGroups()].length],
  ]);
  out.family('rrlab_reflector_batches_total', 'counter', 'Event batches handled by the core.', [
    [{}, daemon.stats.batches],
  ]);
  out.family('rrlab_reflector_events_total', 'counter', 'Events handled by the core.', [
    [{}, daemon.stats.events],
  ]);
  out.family('rrlab_reflector_reconfigurations_total', 'counter', 'Live reconfigurations applied.', [
    [{}, daemon.stats.reconfigurations],
  ]);
  out.family(
    'rrlab_reflector_refused_connections_total',
    'counter',
    'Connections refused with Cease 6/5 because no session is configured for their source.',
    daemon.refusedSources.map((r) => [{ address: r.address }, r.count]),
  );
  out.family('process_resident_memory_bytes', 'gauge', 'Resident memory.', [[{}, process.memoryUsage().rss]]);
  return out.text();
}
