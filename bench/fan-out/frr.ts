/** FRR's bgpd (Debian's 8.4, the lab's `frr` image) as a route reflector, configured by hand. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { frrVtyCommand } from '../../src/lab/nodes/frr-router.js';
import { AS, clientAddress, CLUSTER_ID, REFLECTOR, type Reflector, type Scenario } from './common.js';
import { startHostContainer } from './container.js';

interface SummaryJson {
  readonly ipv4Unicast?: { readonly peers?: Record<string, { readonly state?: string }> };
}

/**
 * Waits until bgpd has started every configured peer (Idle → Active, a second or so after it reads
 * its config). A client that connects while its peer is still Idle races bgpd's start timer: the
 * session comes up, then bgpd tears it down without a NOTIFICATION ("No AFI/SAFI activated for peer";
 * seen here under CPU contention with 200 clients).
 */
async function waitPeersStarted(vtySocket: string, clients: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let states: string[] = [];
  while (Date.now() < deadline) {
    try {
      const summary = JSON.parse(await frrVtyCommand(vtySocket, 'show bgp summary json')) as SummaryJson;
      states = Object.values(summary.ipv4Unicast?.peers ?? {}).map((peer) => peer.state ?? '');
      if (states.length === clients && states.every((state) => state === 'Active')) return;
    } catch {
      // bgpd is still reading its config
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const idle = states.filter((state) => state !== 'Active').length;
  throw new Error(`bgpd did not start its peers within 60 s (${idle} of ${clients} not Active)`);
}

function bgpdConfig(scenario: Scenario): string {
  const lines = [
    'frr defaults traditional',
    'hostname fan-out',
    'log stdout warnings',
    `router bgp ${AS}`,
    // Without zebra bgpd learns no router ID from the interfaces.
    ` bgp router-id ${REFLECTOR}`,
    ` bgp cluster-id ${CLUSTER_ID}`,
    ' no bgp ebgp-requires-policy',
    ' neighbor clients peer-group',
    ` neighbor clients remote-as ${AS}`,
    // Like the BIRD 2 baseline: wait for the clients rather than dial 127.1.x.y:179.
    ' neighbor clients passive',
  ];
  for (let i = 0; i < scenario.clients; i++) lines.push(` neighbor ${clientAddress(i)} peer-group clients`);
  lines.push(
    ' address-family ipv4 unicast',
    '  neighbor clients route-reflector-client',
    ' exit-address-family',
  );
  return lines.join('\n') + '\n';
}

export const frr: Reflector = {
  key: 'frr',
  name: 'FRR 8.4.4 bgpd',
  // bgpd advertises nothing to a new update subgroup for its coalesce time, 1 s + 50 ms per
  // configured peer, at most 10 s (bgpd/bgp_updgrp.h), plus a second for the timer's slack.
  settleMs: (scenario) => Math.min(10_000, 1000 + 50 * scenario.clients) + 1000,
  async start(folder, port, scenario) {
    writeFileSync(join(folder, 'bgpd.conf'), bgpdConfig(scenario));
    const running = await startHostContainer({
      name: `frr-${port}`,
      image: 'frr',
      // bgpd alone: -Z runs it without zebra, which on the host's network namespace would install the
      // reflected routes into the host's table; -S skips the capability setup zebra-less bgpd does not
      // need; -P 0 opens no TCP vty (its port 2605 is shared with anything else on the host). Without
      // zebra, bgpd logs an error for every next hop it cannot register (about 20,000 lines a run).
      command: [
        '/usr/lib/frr/bgpd',
        '-f',
        '/run/rrlab/bgpd.conf',
        '-S',
        '-Z',
        '-l',
        REFLECTOR,
        '-p',
        String(port),
        '-P',
        '0',
        '--vty_socket',
        '/run/rrlab',
        '-i',
        '/run/rrlab/bgpd.pid',
        '--log',
        'stdout',
        '--log-level',
        'warnings',
      ],
      folder,
      port,
    });
    try {
      await waitPeersStarted(join(folder, 'bgpd.vty'), scenario.clients);
      return running;
    } catch (error) {
      await running.stop();
      throw error;
    }
  },
};
