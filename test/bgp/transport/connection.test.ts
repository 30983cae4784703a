import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Socket, type Server } from 'node:net';
import { writeHeader } from '../../../src/bgp/codec/header.js';
import { MessageType } from '../../../src/bgp/codec/messages.js';
import { BgpConnection, type ConnectionHandlers } from '../../../src/bgp/transport/connection.js';
import { activeOpen } from '../../../src/bgp/transport/active-open.js';
import { TimerSet } from '../../../src/bgp/transport/timer-set.js';

/** A KEEPALIVE (19 octets, RFC 4271 §4.4), built by hand so the framer is checked independently. */
function keepalive(): Uint8Array {
  const bytes = new Uint8Array(19);
  bytes.fill(0xff, 0, 16);
  bytes[17] = 19;
  bytes[18] = 4;
  return bytes;
}

/** An UPDATE-typed message of `length` octets whose body is `fill` (the framer does not parse bodies). */
function updateOfLength(length: number, fill: number): Uint8Array {
  const bytes = new Uint8Array(length).fill(fill);
  writeHeader(bytes, 0, length, MessageType.Update);
  return bytes;
}

const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
});

/** A server on 127.0.0.1; resolves with the accepted socket and the client socket. */
async function socketPair(clientLocalAddress?: string): Promise<{ server: Socket; client: Socket }> {
  let accepted: (socket: Socket) => void = () => undefined;
  const acceptedSocket = new Promise<Socket>((resolve) => (accepted = resolve));
  const server = createServer({ pauseOnConnect: true }, (socket) => accepted(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const client = await new Promise<Socket>((resolve, reject) =>
    activeOpen(
      { host: '127.0.0.1', port, ...(clientLocalAddress ? { localAddress: clientLocalAddress } : {}) },
      resolve,
      (loss) => reject(new Error(loss.text)),
    ),
  );
  return { server: await acceptedSocket, client };
}

function handlers(overrides: Partial<ConnectionHandlers>): ConnectionHandlers {
  return {
    message: () => undefined,
    headerError: () => undefined,
    closed: () => undefined,
    drain: () => undefined,
    sendHoldExpired: () => undefined,
    ...overrides,
  };
}

describe('BgpConnection (transport)', () => {
  test('RFC 4271 §4.1: messages split across arbitrary TCP chunks arrive whole and in order', async () => {
    const { server, client } = await socketPair();
    const received: Uint8Array[] = [];
    const total = 200;
    const done = new Promise<void>((resolve) => {
      new BgpConnection(server, undefined).attach(
        handlers({
          message: (frame) => {
            received.push(new Uint8Array(frame));
            if (received.length === total) resolve();
          },
        }),
      );
    });
    const messages = Array.from({ length: total }, (_, i) => updateOfLength(23 + (i % 50), i % 256));
    const stream = Buffer.concat(messages);
    // Write in awkward slices (1, 2, 3, … octets) so headers and bodies straddle chunk boundaries.
    let offset = 0;
    for (let size = 1; offset < stream.length; size = (size % 37) + 1) {
      client.write(stream.subarray(offset, offset + size));
      offset += size;
    }
    await done;
    assert.equal(received.length, total);
    for (let i = 0; i < total; i++) assert.deepEqual(received[i], messages[i]);
    client.destroy();
  });

  test('RFC 4271 §6.1: a bad marker is reported as a header error (1/1)', async () => {
    const { server, client } = await socketPair();
    const error = await new Promise<{ code: number; subcode: number }>((resolve) => {
      new BgpConnection(server, undefined).attach(handlers({ headerError: resolve }));
      const bad = keepalive();
      bad[3] = 0;
      client.write(bad);
    });
    assert.deepEqual([error.code, error.subcode], [1, 1]);
    client.destroy();
  });

  test('RFC 4271 §6.5 (liveness): a burst is processed in bounded batches so timers still fire', async () => {
    const { server, client } = await socketPair();
    const total = 20_000;
    let count = 0;
    const countsSeenByTimer: number[] = [];
    const interval = setInterval(() => countsSeenByTimer.push(count), 1);
    await new Promise<void>((resolve) => {
      new BgpConnection(server, undefined, { maxMessagesPerTick: 100 }).attach(
        handlers({
          message: () => {
            // Simulate real per-message work so the burst takes several milliseconds.
            const until = performance.now() + 0.002;
            while (performance.now() < until);
            if (++count === total) resolve();
          },
        }),
      );
      const one = keepalive();
      client.write(Buffer.concat(Array.from({ length: total }, () => one)));
    });
    clearInterval(interval);
    const midBurst = countsSeenByTimer.filter((c) => c > 0 && c < total);
    assert.ok(
      midBurst.length > 0,
      `a timer ran during the burst (saw ${JSON.stringify(countsSeenByTimer.slice(0, 5))})`,
    );
    client.destroy();
  });

  test('write queue: trySend refuses beyond the byte limit while the peer does not read, then drains', async () => {
    const { server, client } = await socketPair();
    client.pause();
    let drained = false;
    const connection = new BgpConnection(server, undefined, { maxQueuedBytes: 256 * 1024 });
    connection.attach(handlers({ drain: () => (drained = true) }));
    const message = updateOfLength(4096, 7);
    let accepted = 0;
    // Fill the kernel buffers and our queue until the queue refuses.
    for (let i = 0; i < 100_000 && connection.trySend(message); i++) accepted++;
    assert.ok(accepted > 0);
    assert.ok(
      connection.pendingBytes <= 256 * 1024 + 4096,
      `pending ${connection.pendingBytes} stays bounded`,
    );
    assert.equal(connection.trySend(message), false);
    let received = 0;
    client.on('data', (chunk: Buffer) => (received += chunk.length));
    client.resume();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (drained) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    assert.ok(connection.trySend(message), 'room again after drain');
    client.destroy();
  });

  test('RFC 9687: a peer that stops reading trips the send hold timer', async () => {
    const { server, client } = await socketPair();
    client.pause();
    const connection = new BgpConnection(server, undefined);
    const started = performance.now();
    const expired = new Promise<number>((resolve) =>
      connection.attach(handlers({ sendHoldExpired: () => resolve(performance.now() - started) })),
    );
    connection.setSendHoldTime(0.3);
    const message = updateOfLength(4096, 1);
    // Enough to fill socket buffers on loopback (several MB), so no progress is possible.
    for (let i = 0; i < 4000; i++) connection.send(message);
    const elapsed = await expired;
    assert.ok(elapsed >= 300, `fired after ${elapsed.toFixed(0)} ms`);
    connection.destroy();
    client.destroy();
  });

  test('RFC 9687: a peer that keeps reading never trips the send hold timer', async () => {
    const { server, client } = await socketPair();
    client.resume();
    let expired = false;
    const connection = new BgpConnection(server, undefined);
    connection.attach(handlers({ sendHoldExpired: () => (expired = true) }));
    connection.setSendHoldTime(0.2);
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 50; i++) connection.send(updateOfLength(4096, 2));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(expired, false);
    client.destroy();
  });

  test('close with a final NOTIFICATION drops queued data and the peer sees the NOTIFICATION then EOF', async () => {
    const { server, client } = await socketPair();
    const connection = new BgpConnection(server, undefined);
    connection.attach(handlers({}));
    const chunks: Buffer[] = [];
    const ended = new Promise<void>((resolve) => client.on('end', resolve));
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    const notification = Uint8Array.from([...new Uint8Array(16).fill(0xff), 0, 21, 3, 6, 2]);
    connection.close(notification);
    await ended;
    assert.deepEqual(new Uint8Array(Buffer.concat(chunks)), notification);
  });

  test('the peer closing is reported once as `Connection closed` (BIRD: Socket: Connection closed)', async () => {
    const { server, client } = await socketPair();
    const loss = await new Promise<{ text: string }>((resolve) => {
      new BgpConnection(server, undefined).attach(handlers({ closed: resolve }));
      client.end();
    });
    assert.equal(loss.text, 'Connection closed');
  });

  test('active open binds the configured source address and reports refusals in strerror wording', async () => {
    const { server, client } = await socketPair('127.0.0.5');
    assert.equal(new BgpConnection(server, undefined).remoteAddress, '127.0.0.5');
    client.destroy();
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const text = await new Promise<string>((resolve) =>
      activeOpen(
        { host: '127.0.0.1', port },
        () => resolve('connected'),
        (loss) => resolve(loss.text),
      ),
    );
    assert.equal(text, 'Connection refused');
  });
});

describe('TimerSet (timers as events)', () => {
  test('restarting moves the deadline; stopping prevents the expiry', async () => {
    const fired: string[] = [];
    const timers = new TimerSet<'a' | 'b'>((name) => fired.push(name));
    timers.start('a', 0.05);
    timers.start('b', 0.05);
    await new Promise((resolve) => setTimeout(resolve, 30));
    timers.start('a', 0.05); // moved to ~80 ms
    timers.stop('b');
    await new Promise((resolve) => setTimeout(resolve, 35));
    assert.deepEqual(fired, [], 'a was moved, b was stopped');
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.deepEqual(fired, ['a']);
    assert.equal(timers.isRunning('a'), false);
  });
});
