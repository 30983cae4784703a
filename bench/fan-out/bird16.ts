/**
 * BIRD 1.6 (Debian's 1.6.8, the lab's `calico-node` image) as a Calico route reflector: bird.cfg and
 * its two includes rendered by rrlab's confd port from the same Calico resources the TypeScript
 * reflector gets, then adapted to a container on the host's network namespace.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderBirdConfig } from '../../src/calico/index.js';
import { calicoState, REFLECTOR_NODE } from './calico.js';
import type { Reflector } from './common.js';
import { startHostContainer } from './container.js';

/**
 * Drops the `protocol kernel` block. On the host's network namespace it would learn the host's routes
 * (`learn`, `import all`) and try to install every reflected route into the host's table; a reflector
 * needs neither. The `calico_kernel_programming` filter it used stays defined, unused. `device` and
 * `direct` stay: they only read interfaces, and `direct` routes outside 10.0.0.0/8 are not exported.
 */
export function withoutKernelProtocol(config: string): string {
  const start = config.indexOf('protocol kernel from kernel_template {');
  if (start < 0)
    throw new Error('the rendered bird.cfg has no kernel protocol to drop; the renderer changed');
  const end = config.indexOf('\n}\n', start);
  if (end < 0) throw new Error('the kernel protocol of the rendered bird.cfg does not end');
  return (
    config.slice(0, start) +
    '# rrlab fan-out: protocol kernel dropped (no kernel routes on the host)\n' +
    config.slice(end + 3)
  );
}

export const bird16: Reflector = {
  key: 'bird16',
  name: 'BIRD 1.6.8 (Calico)',
  start(folder, port, scenario) {
    const files = renderBirdConfig(calicoState(scenario, port), REFLECTOR_NODE);
    writeFileSync(join(folder, 'bird.cfg'), withoutKernelProtocol(files['bird.cfg']));
    // bird.cfg includes these two by relative path, from the container's working directory.
    writeFileSync(join(folder, 'bird_aggr.cfg'), files['bird_aggr.cfg']);
    writeFileSync(join(folder, 'bird_ipam.cfg'), files['bird_ipam.cfg']);
    return startHostContainer({
      name: `bird16-${port}`,
      image: 'calico-node',
      command: ['bird', '-f', '-c', '/run/rrlab/bird.cfg', '-s', '/run/rrlab/bird.ctl'],
      folder,
      port,
    });
  },
};
