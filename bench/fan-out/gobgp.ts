/** GoBGP (Debian's gobgpd 3.10, the lab's `gobgp` image) as a route reflector, configured by hand. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AS, clientAddress, CLUSTER_ID, REFLECTOR, type Reflector, type Scenario } from './common.js';
import { startHostContainer } from './container.js';

function gobgpdConfig(scenario: Scenario, port: number): string {
  const lines = [
    '[global.config]',
    `  as = ${AS}`,
    `  router-id = "${REFLECTOR}"`,
    `  port = ${port}`,
    `  local-address-list = ["${REFLECTOR}"]`,
  ];
  for (let i = 0; i < scenario.clients; i++) {
    lines.push(
      '[[neighbors]]',
      '  [neighbors.config]',
      `    neighbor-address = "${clientAddress(i)}"`,
      `    peer-as = ${AS}`,
      '  [neighbors.transport.config]',
      `    local-address = "${REFLECTOR}"`,
      // Like the BIRD 2 baseline: wait for the clients rather than dial 127.1.x.y:179.
      '    passive-mode = true',
      // The loader's and BIRD's 240 s rather than GoBGP's 90 s: with 90 s, a 50x10000 run on a loaded
      // host lost a session after an hour, closed by gobgpd without a NOTIFICATION (what its hold
      // timer expiry does when the NOTIFICATION cannot be written within its 1 s deadline).
      '  [neighbors.timers.config]',
      '    hold-time = 240',
      '    keepalive-interval = 80',
      '  [neighbors.route-reflector.config]',
      '    route-reflector-client = true',
      `    route-reflector-cluster-id = "${CLUSTER_ID}"`,
    );
  }
  return lines.join('\n') + '\n';
}

export const gobgp: Reflector = {
  key: 'gobgp',
  name: 'GoBGP 3.10.0',
  start(folder, port, scenario) {
    writeFileSync(join(folder, 'gobgpd.toml'), gobgpdConfig(scenario, port));
    return startHostContainer({
      name: `gobgp-${port}`,
      image: 'gobgp',
      // The gRPC API must listen somewhere: on loopback, at a port of this run (the default :50051
      // would be shared with anything else on the host).
      command: [
        'gobgpd',
        '-f',
        '/run/rrlab/gobgpd.toml',
        '-t',
        'toml',
        '--log-plain',
        '--log-level',
        'warn',
        '--pprof-disable',
        '--api-hosts',
        `${REFLECTOR}:${port + 20_000}`,
      ],
      folder,
      port,
    });
  },
};
