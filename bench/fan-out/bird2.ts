/** BIRD 2 (Debian's 2.0.12, the lab's `bird` image) with `rr client` sessions, configured by hand. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AS, clientAddress, CLUSTER_ID, REFLECTOR, type Reflector, type Scenario } from './common.js';
import { startHostContainer } from './container.js';

function birdConfig(scenario: Scenario, port: number): string {
  const lines = [
    `router id ${REFLECTOR};`,
    'protocol device {}',
    'template bgp clients {',
    `  local ${REFLECTOR} port ${port} as ${AS};`,
    '  rr client;',
    `  rr cluster id ${CLUSTER_ID};`,
    '  passive on;',
    '  ipv4 { import all; export all; };',
    '}',
  ];
  for (let i = 0; i < scenario.clients; i++)
    lines.push(`protocol bgp c${i} from clients { neighbor ${clientAddress(i)} as ${AS}; }`);
  return lines.join('\n') + '\n';
}

export const bird2: Reflector = {
  key: 'bird2',
  name: 'BIRD 2.0.12',
  start(folder, port, scenario) {
    writeFileSync(join(folder, 'bird.conf'), birdConfig(scenario, port));
    return startHostContainer({
      name: `bird2-${port}`,
      image: 'bird',
      command: ['bird', '-f', '-c', '/run/rrlab/bird.conf', '-s', '/run/rrlab/bird.ctl'],
      folder,
      port,
    });
  },
};
