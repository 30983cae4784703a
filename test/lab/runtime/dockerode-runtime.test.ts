/**
 * The Docker adapter against the real engine: a script gives the same answers whether the adapter
 * enters the container from the host or goes through the engine's exec, and the exit stream reports
 * a lab container's end.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DockerodeRuntime } from '../../../src/lab/docker/dockerode-runtime.js';
import { hostCanEnterContainers } from '../../../src/lab/docker/namespace-exec.js';
import { imageTag } from '../../../src/lab/images/catalog.js';
import { LAB_LABEL, RUN_LABEL } from '../../../src/lab/docker/labels.js';
import { engineAnswers } from '../../engine-answers.js';
import type { ContainerRef } from '../../../src/lab/runtime/container-runtime.js';

const engineExec = new DockerodeRuntime(undefined, false);
const hostExec = new DockerodeRuntime(undefined, true);
const labId = `rt${randomBytes(3).toString('hex')}`;
const labels = { [RUN_LABEL]: `test-${labId}`, [LAB_LABEL]: labId };

async function usable(): Promise<string | false> {
  if (!(await engineAnswers())) return 'no Docker engine answers';
  if (!(await engineExec.imageExists(imageTag('base')))) return 'the base image is not built (rrlab setup)';
  return false;
}

const skip = await usable();
const created: ContainerRef[] = [];
after(async () => {
  await Promise.allSettled(created.map((c) => engineExec.remove(c)));
});

async function sleeper(cmd = ['sleep', 'infinity']): Promise<ContainerRef> {
  const container = await engineExec.create({
    image: imageTag('base'),
    cmd,
    hostname: 'probe-host',
    workdir: '/etc',
    labels,
    network: { mode: 'none' },
    init: false,
  });
  created.push(container);
  await engineExec.start(container);
  return container;
}

describe('the Docker adapter on the real engine', { skip }, () => {
  const script = 'echo "out $(hostname) $(pwd) $$"; echo err >&2; exit 3';

  test('exec through the engine: output of both streams, exit code, hostname, working directory', async () => {
    const container = await sleeper();
    const result = await engineExec.exec(container, script);
    assert.equal(result.exitCode, 3);
    assert.match(result.output, /^out probe-host \/etc \d+$/m);
    assert.match(result.output, /^err$/m);
  });

  test(
    'exec from the host (nsenter) answers as the engine does',
    { skip: hostCanEnterContainers() ? false : 'not root on the engine host' },
    async () => {
      const container = await sleeper();
      const [viaEngine, viaHost] = await Promise.all([
        engineExec.exec(container, script),
        hostExec.exec(container, script),
      ]);
      const shape = (output: string) => output.replace(/\d+$/m, 'PID').split('\n').sort().join('\n');
      assert.equal(viaHost.exitCode, viaEngine.exitCode);
      assert.equal(shape(viaHost.output), shape(viaEngine.output));
      // The container's PID namespace: a PID the script prints is one `kill` inside it understands.
      assert.ok(Number(/out \S+ \S+ (\d+)/.exec(viaHost.output)?.[1]) < 1000);
    },
  );

  test('a stopped container is not entered from the host: exec fails as the engine says', async () => {
    const container = await sleeper(['true']);
    await engineExec.wait(container);
    await assert.rejects(hostExec.exec(container, 'true'), /is not running/);
  });

  test('a paused container is not entered from the host: exec fails as the engine says', async () => {
    const container = await sleeper();
    await hostExec.pause(container);
    await assert.rejects(hostExec.exec(container, 'true'), /paused/);
    await hostExec.unpause(container);
    assert.equal((await hostExec.exec(container, 'echo thawed')).output.trim(), 'thawed');
  });

  test('the exit stream reports the end of a container carrying the label', async () => {
    const seen: string[] = [];
    const watch = await engineExec.watchExits(
      `${LAB_LABEL}=${labId}`,
      (id) => seen.push(id),
      (error) => assert.fail(error),
    );
    try {
      const container = await sleeper(['sleep', '0.2']);
      const deadline = Date.now() + 10_000;
      while (!seen.includes(container.id) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(seen.includes(container.id), 'its exit was reported');
    } finally {
      watch.close();
    }
  });
});
