import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  BirdCommandError,
  BirdConnectionError,
  BirdTimeoutError,
} from '../../../src/lab/bird/bird-errors.js';
import { BirdControlClient, birdGeneration } from '../../../src/lab/bird/control-client.js';

/**
 * A scripted stand-in for BIRD's control socket: greets with `greeting`, then answers each command
 * line with whatever `answer` writes, so tests can split, delay, interleave or withhold output.
 */
interface FakeBird {
  readonly path: string;
  readonly commands: string[];
  connections: number;
  answer: (command: string, socket: Socket) => void;
  greeting: string;
  close(): Promise<void>;
}

async function fakeBird(dir: string, name: string): Promise<FakeBird> {
  const sockets = new Set<Socket>();
  const fake: FakeBird = {
    path: join(dir, name),
    commands: [],
    connections: 0,
    greeting: '0001 BIRD 1.6.8 ready.\n',
    answer: (_command, socket) => socket.write('0000 \n'),
    close: () => closeServer(server, sockets),
  };
  const server: Server = createServer((socket) => {
    fake.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    socket.write(fake.greeting);
    let buffered = '';
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const command = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        fake.commands.push(command);
        fake.answer(command, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(fake.path, resolve));
  return fake;
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('BirdControlClient against a scripted socket', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rrlab-bird-client-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('decodes codes across chunk boundaries and skips asynchronous + lines', async () => {
    const fake = await fakeBird(dir, 'chunks.ctl');
    fake.answer = (_command, socket) => {
      socket.write('2002-name proto table state since info\n10');
      socket.write('02-device1 Device master up 10:00:00\n+async message\n kernel1 Kernel');
      setTimeout(() => socket.write(' master up 10:00:00\n0000 \n'), 20);
    };
    const client = await BirdControlClient.connect(fake.path);
    const reply = await client.command('show protocols');
    assert.deepEqual(reply, {
      code: 0,
      lines: [
        { code: 2002, text: 'name proto table state since info' },
        { code: 1002, text: 'device1 Device master up 10:00:00' },
        { code: 1002, text: 'kernel1 Kernel master up 10:00:00' },
        { code: 0, text: '' },
      ],
    });
    await client.close();
    await fake.close();
  });

  test('queues concurrent commands on one connection, in order', async () => {
    const fake = await fakeBird(dir, 'queue.ctl');
    fake.answer = (command, socket) => setTimeout(() => socket.write(`1000 ${command}\n`), 10);
    const client = await BirdControlClient.connect(fake.path);
    const replies = await Promise.all(['a', 'b', 'c'].map((command) => client.command(`echo ${command}`)));
    assert.deepEqual(
      replies.map((reply) => reply.lines[0]?.text),
      ['echo a', 'echo b', 'echo c'],
    );
    assert.equal(fake.connections, 1);
    await client.close();
    await fake.close();
  });

  test('a line timeout rejects with BirdTimeoutError and the next command uses a new connection', async () => {
    const fake = await fakeBird(dir, 'timeout.ctl');
    fake.answer = (command, socket) => {
      if (command === 'show status') socket.write('1000-BIRD 1.6.8\n');
      else socket.write('0000 \n');
    };
    const client = await BirdControlClient.connect(fake.path, { lineTimeoutMs: 100 });
    await assert.rejects(client.command('show status'), BirdTimeoutError);
    assert.equal((await client.command('show protocols')).code, 0);
    assert.equal(fake.connections, 2);
    await client.close();
    await fake.close();
  });

  test('reconnects once when the connection was closed under a command', async () => {
    const fake = await fakeBird(dir, 'reconnect.ctl');
    let drops = 1;
    fake.answer = (_command, socket) => {
      if (drops-- > 0) socket.destroy();
      else socket.write('0000 \n');
    };
    const client = await BirdControlClient.connect(fake.path);
    assert.equal((await client.command('show protocols')).code, 0);
    assert.deepEqual(fake.commands, ['show protocols', 'show protocols']);
    drops = 2;
    await assert.rejects(client.command('show protocols'), BirdConnectionError);
    await client.close();
    await fake.close();
  });

  test('final codes of 8000 and above reject with BirdCommandError', async () => {
    const fake = await fakeBird(dir, 'errors.ctl');
    fake.answer = (_command, socket) => socket.write('8003 No protocols match\n');
    const client = await BirdControlClient.connect(fake.path);
    await assert.rejects(client.command('show protocols x'), (error: unknown) => {
      assert.ok(error instanceof BirdCommandError);
      assert.equal(error.code, 8003);
      assert.equal(error.text, 'No protocols match');
      assert.equal(error.command, 'show protocols x');
      return true;
    });
    await assert.rejects(client.command('show\nprotocols'), /one line/);
    await client.close();
    await assert.rejects(client.command('show protocols'), BirdConnectionError);
    await fake.close();
  });

  test('reads a fork version from the greeting; rejects a socket that never appears', async () => {
    const fake = await fakeBird(dir, 'calico.ctl');
    fake.greeting = '0001 BIRD v0.3.3+birdv1.6.8 ready.\n';
    const client = await BirdControlClient.connect(fake.path);
    assert.equal(client.version, 'v0.3.3+birdv1.6.8');
    assert.equal(client.generation, '1.x');
    await client.close();
    await fake.close();
    const started = Date.now();
    await assert.rejects(
      BirdControlClient.connect(join(dir, 'absent.ctl'), { timeoutMs: 300, retryIntervalMs: 50 }),
      /absent\.ctl: no BIRD greeting after \d+ attempt/,
    );
    assert.ok(Date.now() - started >= 250);
  });

  test('birdGeneration', () => {
    assert.equal(birdGeneration('1.6.8'), '1.x');
    assert.equal(birdGeneration('2.0.12'), '2.x');
    assert.equal(birdGeneration('3.1.0'), '2.x');
    assert.throws(() => birdGeneration('unknown'), /cannot tell/);
  });
});
