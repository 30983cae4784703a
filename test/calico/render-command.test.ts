import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderCommand } from '../../src/cli/render.js';

const resources = `
kind: BGPConfiguration
apiVersion: projectcalico.org/v3
metadata: {name: default}
spec: {nodeToNodeMeshEnabled: false, asNumber: 64512}
---
kind: Node
apiVersion: projectcalico.org/v3
metadata: {name: rr1, labels: {route-reflector: "true"}}
spec: {bgp: {ipv4Address: 10.0.0.1/24, routeReflectorClusterID: 224.0.0.1}}
---
kind: Node
apiVersion: projectcalico.org/v3
metadata: {name: worker1}
spec: {bgp: {ipv4Address: 10.0.0.2/24}}
---
kind: BGPPeer
apiVersion: projectcalico.org/v3
metadata: {name: to-rr}
spec: {nodeSelector: all(), peerSelector: route-reflector == 'true'}
`;

/** Runs the command with stdout/stderr captured. */
async function run(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    return { status: await renderCommand(argv), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe('rrlab render (confd-identical BIRD files for one node)', () => {
  test('writes the six files and lists the reflector client peering', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rrlab-render-'));
    try {
      writeFileSync(path.join(dir, 'cluster.yaml'), resources);
      const out = path.join(dir, 'out');
      const result = await run(['--node', 'rr1', '-f', path.join(dir, 'cluster.yaml'), '--out', out]);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(
        readdirSync(out).sort(),
        [
          'bird.cfg',
          'bird6.cfg',
          'bird6_aggr.cfg',
          'bird6_ipam.cfg',
          'bird_aggr.cfg',
          'bird_ipam.cfg',
        ].sort(),
      );
      const birdCfg = readFileSync(path.join(out, 'bird.cfg'), 'utf8');
      const block = birdCfg.slice(birdCfg.indexOf('protocol bgp Node_10_0_0_2 '));
      assert.ok(block.slice(0, block.indexOf('\n}\n')).includes('  rr client;\n  rr cluster id 224.0.0.1;'));
      assert.match(
        result.stdout,
        /Node_10_0_0_2\s+10\.0\.0\.2 \(worker1\)\s+64512\s+node specific\s+rr client/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('invalid input prints the calicoctl-shaped message, writes nothing and returns 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rrlab-render-'));
    try {
      const invalid = resources.replace(
        'routeReflectorClusterID: 224.0.0.1',
        'routeReflectorClusterID: 300.34.3.1',
      );
      writeFileSync(path.join(dir, 'cluster.yaml'), invalid);
      const out = path.join(dir, 'out');
      const result = await run(['--node', 'rr1', '-f', path.join(dir, 'cluster.yaml'), '--out', out]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /RouteReflectorClusterID/);
      assert.equal(existsSync(out), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unknown node and missing arguments are usage errors (status 2)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rrlab-render-'));
    try {
      writeFileSync(path.join(dir, 'cluster.yaml'), resources);
      assert.equal((await run(['--node', 'nope', '-f', path.join(dir, 'cluster.yaml')])).status, 2);
      assert.equal((await run(['-f', path.join(dir, 'cluster.yaml')])).status, 2);
      assert.equal((await run(['--bogus'])).status, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
