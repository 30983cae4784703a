import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReflectorApiClient } from '../../../src/reflector/api/api-client.js';
import { Client, until } from '../daemon/harness.js';

const folder = mkdtempSync(join(tmpdir(), 'rrlab-cli-reflector-'));
const children: ChildProcess[] = [];
after(() => {
  // A failed test must not leave a reflector running (it would also keep this process alive).
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

const RESOURCES = `
apiVersion: projectcalico.org/v3
kind: Node
metadata: { name: ts-rr, labels: { route-reflector: "true" } }
spec: { bgp: { ipv4Address: 127.0.9.1/8, routeReflectorClusterID: 224.0.0.1 } }
---
apiVersion: projectcalico.org/v3
kind: Node
metadata: { name: node-1 }
spec: { bgp: { ipv4Address: 127.0.9.2/8 } }
---
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: { name: to-rr }
spec: { nodeSelector: all(), peerSelector: route-reflector == 'true' }
`;

const bin = fileURLToPath(new URL('../../../../bin/rrlab.js', import.meta.url));

function rrlab(args: string[]): {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  pid: number;
  /** What the process has printed so far. */
  stdout: () => string;
} {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { done, pid: child.pid ?? 0, stdout: () => stdout };
}

test('rrlab reflector runs as a Calico node from resource files, answers status, and leaves with Cease 6/2 on SIGTERM', async () => {
  const resources = join(folder, 'resources.yaml');
  writeFileSync(resources, RESOURCES);
  const socket = join(folder, 'api.sock');
  const daemon = rrlab([
    'reflector',
    '--node',
    'ts-rr',
    '-f',
    resources,
    '--listen',
    '127.0.0.1',
    '--port',
    '0',
    '--api',
    socket,
  ]);
  const api = new ReflectorApiClient({ socketPath: socket }, 1000);
  let port = 0;
  for (let i = 0; i < 100 && port === 0; i++) {
    port = await api.status().then(
      (s) => s.port ?? 0,
      () => 0,
    );
    if (port === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(port > 0, 'the reflector answered on its API socket');
  const client = await Client.connect('127.0.9.2', '10.0.9.2', port);
  await client.established();
  const status = rrlab(['reflector', 'status', '--api', socket]);
  const printed = await status.done;
  assert.equal(printed.code, 0, printed.stderr);
  assert.match(printed.stdout, /\| 127\.0\.9\.2 +\| node specific \| up +\| .* \| Established +\|/);
  process.kill(daemon.pid, 'SIGTERM');
  const exited = await daemon.done;
  assert.equal(exited.code, 0, exited.stderr);
  await until(() => client.downs.length > 0, 'Cease at the client');
  assert.match(client.downs[0]!, /^Received: Administrative shutdown/);
  assert.match(exited.stdout, /"msg":"reflector stopped"/);
  await client.close();
});

test('rrlab reflector refuses a node the resources do not hold, with status 2', async () => {
  const resources = join(folder, 'resources.yaml');
  writeFileSync(resources, RESOURCES);
  const result = await rrlab(['reflector', '--node', 'nobody', '-f', resources]).done;
  assert.equal(result.code, 2);
  assert.match(result.stderr, /node "nobody" is not among the resources/);
});

/** The status of a POST to the reflector's TCP API, with these headers. */
function postStatus(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) =>
    request({ host: '127.0.0.1', port, method: 'POST', path, headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end(),
  );
}

test('rrlab reflector --api-port with --api-token-file: POST over TCP needs that token', async () => {
  const resources = join(folder, 'resources.yaml');
  writeFileSync(resources, RESOURCES);
  const tokenFile = join(folder, 'api-token');
  writeFileSync(tokenFile, 'first-line-token\nignored\n');
  const args = ['reflector', '--node', 'ts-rr', '-f', resources, '--listen', '127.0.0.1', '--port', '0'];
  const daemon = rrlab([
    ...args,
    '--api',
    join(folder, 'token.sock'),
    '--api-port',
    '0',
    '--api-token-file',
    tokenFile,
  ]);
  await until(() => /"msg":"api listening"/.test(daemon.stdout()), 'the API listening', 10_000);
  const listening = daemon
    .stdout()
    .split('\n')
    .find((line) => line.includes('"msg":"api listening"'));
  const port = (JSON.parse(listening ?? '{}') as { tcp?: number }).tcp ?? 0;
  assert.ok(port > 0, 'the TCP API port is logged');
  assert.equal(await postStatus(port, '/refresh'), 403);
  assert.equal(await postStatus(port, '/refresh', { authorization: 'Bearer ignored' }), 403);
  assert.equal(await postStatus(port, '/refresh', { authorization: 'Bearer first-line-token' }), 200);
  process.kill(daemon.pid, 'SIGTERM');
  assert.equal((await daemon.done).code, 0);

  const alone = await rrlab([...args, '--api-token-file', tokenFile]).done;
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, /--api-token-file guards the TCP API: it needs --api-port/);
});
