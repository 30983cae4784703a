import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { BgpListener } from '../../../src/bgp/transport/listener.js';

/** Connects from `local` to `host`:`port` and waits for the listener to hand the socket over. */
async function accepted(listener: BgpListener, local: string, host: string): Promise<string> {
  const seen = new Promise<string>((resolve) =>
    listener.register(local, (socket: Socket) => {
      resolve(local);
      socket.destroy();
    }),
  );
  const client = connect({ host, port: listener.port, localAddress: local });
  client.on('error', () => undefined);
  try {
    return await seen;
  } finally {
    client.destroy();
  }
}

describe('BgpListener', () => {
  test('without a host it accepts peers of both families on one socket (IPv4 ones arrive mapped)', async () => {
    const listener = new BgpListener({ port: 0 });
    await listener.listen();
    try {
      assert.equal(await accepted(listener, '127.0.0.1', '127.0.0.1'), '127.0.0.1');
      assert.equal(await accepted(listener, '::1', '::1'), '::1');
      assert.equal(listener.refusedCount, 0);
    } finally {
      await listener.close();
    }
  });
});
