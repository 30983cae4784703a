import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerExits } from '../../../src/lab/container-exits.js';
import type { ContainerRuntime, ContainerState } from '../../../src/lab/runtime/container-runtime.js';

/** Just what ContainerExits asks of an engine: one event subscription and inspects, counted. */
function fakeEngine(subscribe: 'works' | 'fails') {
  const engine = {
    inspects: 0,
    running: true,
    onExit: undefined as ((id: string) => void) | undefined,
    onBroken: undefined as ((error: Error) => void) | undefined,
    closed: false,
    async watchExits(_selector: string, onExit: (id: string) => void, onBroken: (error: Error) => void) {
      if (subscribe === 'fails') throw new Error('no events here');
      engine.onExit = onExit;
      engine.onBroken = onBroken;
      return { close: () => void (engine.closed = true) };
    },
    async state(): Promise<ContainerState> {
      engine.inspects++;
      return { running: engine.running, pid: 42, exitCode: engine.running ? 0 : 1 };
    },
  };
  return engine;
}

const asRuntime = (engine: ReturnType<typeof fakeEngine>) => engine as unknown as ContainerRuntime;
const container = { id: 'c1' };

describe('container exits from one event stream', () => {
  test('a loop asks the engine once, then again only after an exit is reported', async () => {
    const engine = fakeEngine('works');
    const exits = new ContainerExits(asRuntime(engine), 'io.rrlab.lab=x');
    await exits.watching();
    const exited = exits.exitedSince(container);
    for (let i = 0; i < 50; i++) assert.equal(await exited(), false);
    assert.equal(engine.inspects, 1, 'fifty polls, one inspect');
    engine.running = false;
    engine.onExit?.('c1');
    assert.equal(await exited(), true);
    assert.equal(engine.inspects, 2);
  });

  test("an exit reported for a container that runs again (a restart's stop) is confirmed, not believed", async () => {
    const engine = fakeEngine('works');
    const exits = new ContainerExits(asRuntime(engine), 'io.rrlab.lab=x');
    await exits.watching();
    const exited = exits.exitedSince(container);
    await exited();
    engine.onExit?.('c1');
    assert.equal(await exited(), false, 'the engine says it runs');
    assert.equal(await exited(), false);
    assert.equal(engine.inspects, 2, 'one report, one confirming inspect');
  });

  test("other containers' exits do not make a loop ask", async () => {
    const engine = fakeEngine('works');
    const exits = new ContainerExits(asRuntime(engine), 'io.rrlab.lab=x');
    await exits.watching();
    const exited = exits.exitedSince(container);
    await exited();
    engine.onExit?.('c2');
    assert.equal(await exited(), false);
    assert.equal(engine.inspects, 1);
  });

  test('without events (subscription refused or stream broken) loops inspect, at most twice a second', async () => {
    for (const how of ['refused', 'broken'] as const) {
      const engine = fakeEngine(how === 'refused' ? 'fails' : 'works');
      const exits = new ContainerExits(asRuntime(engine), 'io.rrlab.lab=x');
      await exits.watching();
      if (how === 'broken') engine.onBroken?.(new Error('stream ended'));
      const exited = exits.exitedSince(container);
      await exited();
      await exited();
      assert.equal(engine.inspects, 1, `${how}: the second poll came too soon to ask`);
      await new Promise((resolve) => setTimeout(resolve, 520));
      engine.running = false;
      assert.equal(await exited(), true, `${how}: found by inspecting`);
    }
  });

  test('closing ends the subscription', async () => {
    const engine = fakeEngine('works');
    const exits = new ContainerExits(asRuntime(engine), 'io.rrlab.lab=x');
    await exits.watching();
    exits.close();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(engine.closed, true);
  });
});
