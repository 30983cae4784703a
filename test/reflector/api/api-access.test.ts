/**
 * Who may reach and change the reflector through its API: the Unix socket's mode and what may stand
 * at its path, and the bearer token that guards changes over TCP.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReflectorApiClient } from '../../../src/reflector/api/api-client.js';
import { ReflectorApiServer, type ApiServerOptions } from '../../../src/reflector/api/api-server.js';
import type { ReflectorDaemon } from '../../../src/reflector/daemon/reflector-daemon.js';
import { daemonConfig, session, startDaemon } from '../daemon/harness.js';

const folder = mkdtempSync(join(tmpdir(), 'rrlab-api-access-'));
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(folder, { recursive: true, force: true });
});

let daemonStarted: Promise<ReflectorDaemon> | undefined;
function daemon(): Promise<ReflectorDaemon> {
  daemonStarted ??= startDaemon(daemonConfig([session('127.0.12.2')])).then((started) => {
    cleanups.push(() => started.stop());
    return started;
  });
  return daemonStarted;
}

async function apiServer(options: ApiServerOptions): Promise<ReflectorApiServer> {
  const server = new ReflectorApiServer(await daemon(), {
    configFromIntent: () => daemonConfig([session('127.0.12.2')]),
    ...options,
  });
  await server.listen();
  cleanups.push(() => server.close());
  return server;
}

/** One HTTP exchange, with the status and the parsed JSON body. */
function call(
  where: { socketPath: string } | { port: number },
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { error?: string } & Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const target = 'socketPath' in where ? where : { host: '127.0.0.1', port: where.port };
    request({ ...target, method, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: string },
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe('the API socket', () => {
  test('is created with mode 0660, whatever the umask', async () => {
    const socketPath = join(folder, 'mode.sock');
    const previous = process.umask(0);
    try {
      await apiServer({ socketPath });
    } finally {
      process.umask(previous);
    }
    assert.equal(statSync(socketPath).mode & 0o777, 0o660);
    assert.equal((await call({ socketPath }, 'GET', '/status')).status, 200);
  });

  test('a regular file at the path is refused, named, and left intact', async () => {
    const socketPath = join(folder, 'notes.txt');
    writeFileSync(socketPath, 'keep me\n');
    const server = new ReflectorApiServer(await daemon(), { socketPath });
    await assert.rejects(server.listen(), {
      message: `API socket path ${socketPath} exists and is a regular file; refusing to replace it`,
    });
    assert.equal(readFileSync(socketPath, 'utf8'), 'keep me\n');
  });

  test('a directory at the path is refused and left intact', async () => {
    const socketPath = join(folder, 'a-directory');
    mkdirSync(socketPath);
    writeFileSync(join(socketPath, 'inside'), 'x');
    const server = new ReflectorApiServer(await daemon(), { socketPath });
    await assert.rejects(server.listen(), /exists and is a directory; refusing to replace it/);
    assert.equal(readFileSync(join(socketPath, 'inside'), 'utf8'), 'x');
  });

  test('a stale socket, left by a process that died, is replaced', async () => {
    const socketPath = join(folder, 'stale.sock');
    // A process that listens on the path and is killed, so nothing removes the socket file.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    assert.ok(statSync(socketPath).isSocket(), 'the dead process left its socket');
    await apiServer({ socketPath });
    assert.equal((await call({ socketPath }, 'GET', '/status')).status, 200);
  });

  test('a socket another process still listens on is refused and keeps working', async () => {
    const socketPath = join(folder, 'busy.sock');
    // The probe hangs up at once: the other process sees a reset, which it shrugs off.
    const other = createServer((connection) => connection.on('error', () => undefined).end());
    await new Promise<void>((resolve) => other.listen(socketPath, resolve));
    cleanups.push(() => new Promise((resolve) => other.close(() => resolve())));
    const server = new ReflectorApiServer(await daemon(), { socketPath });
    await assert.rejects(
      server.listen(),
      /is not stale: another process listens on it; refusing to replace it/,
    );
    assert.ok(statSync(socketPath).isSocket());
    assert.equal(other.listening, true);
  });
});

describe('changes over the TCP API need the bearer token', () => {
  const token = 'c2VjcmV0LXRva2Vu';

  test('POST over TCP without a token is 403, naming why; GET works', async () => {
    const server = await apiServer({ tcp: { host: '127.0.0.1', port: 0 }, tcpToken: token });
    const port = server.tcpPort ?? 0;
    const refused = await call({ port }, 'POST', '/refresh');
    assert.equal(refused.status, 403);
    assert.equal(
      refused.body.error,
      'POST /refresh over TCP needs the API token: send "Authorization: Bearer <token>"',
    );
    const wrong = await call({ port }, 'POST', '/intent', { authorization: 'Bearer not-the-token' });
    assert.equal(wrong.status, 403);
    assert.match(wrong.body.error ?? '', /the bearer token does not match/);
    assert.equal((await call({ port }, 'GET', '/status')).status, 200);
    assert.equal((await call({ port }, 'GET', '/peers')).status, 200);
  });

  test('POST over TCP with the token works', async () => {
    const server = await apiServer({ tcp: { host: '127.0.0.1', port: 0 }, tcpToken: token });
    const port = server.tcpPort ?? 0;
    const answer = await call({ port }, 'POST', '/refresh', { authorization: `Bearer ${token}` });
    assert.deepEqual([answer.status, answer.body], [200, { asked: 0 }]);
    const api = new ReflectorApiClient({ host: '127.0.0.1', port, token });
    assert.deepEqual(await api.refresh(), { asked: 0 });
  });

  test('a reflector without a token refuses every POST over TCP', async () => {
    const server = await apiServer({ tcp: { host: '127.0.0.1', port: 0 } });
    const refused = await call({ port: server.tcpPort ?? 0 }, 'POST', '/refresh', {
      authorization: `Bearer ${token}`,
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error ?? '', /no API token \(--api-token-file\).*use the Unix socket/);
  });

  test('POST over the Unix socket works without a token, beside a guarded TCP listener', async () => {
    const socketPath = join(folder, 'both.sock');
    const server = await apiServer({ socketPath, tcp: { host: '127.0.0.1', port: 0 }, tcpToken: token });
    const answer = await call({ socketPath }, 'POST', '/refresh');
    assert.deepEqual([answer.status, answer.body], [200, { asked: 0 }]);
    assert.equal((await call({ port: server.tcpPort ?? 0 }, 'POST', '/refresh')).status, 403);
  });
});
