import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeRestartMarker, writeRestartMarker } from '../../../src/reflector/daemon/restart-marker.js';
import { reflectorCapabilities } from '../../../src/reflector/daemon/capabilities.js';
import {
  CALICO_SESSION_DEFAULTS,
  type SessionSettings,
} from '../../../src/reflector/daemon/daemon-config.js';

function withFolder(run: (file: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), 'rrlab-restart-'));
  try {
    run(join(folder, 'restart-state.json'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('restart marker (RFC 4724 §4.1: knowing that this run is a restart)', () => {
  test('a note left within the Restart Time makes the next run a restart, once', () => {
    withFolder((file) => {
      writeRestartMarker(file, { leftAt: 1_000_000, restartTimeSeconds: 120 });
      assert.equal(takeRestartMarker(file, 1_000_000 + 119_000), true);
      assert.equal(existsSync(file), false, 'the note is consumed');
      assert.equal(takeRestartMarker(file, 1_000_000 + 119_000), false);
    });
  });

  test('a note older than the Restart Time is a cold start: peers have dropped our routes', () => {
    withFolder((file) => {
      writeRestartMarker(file, { leftAt: 1_000_000, restartTimeSeconds: 120 });
      assert.equal(takeRestartMarker(file, 1_000_000 + 121_000), false);
    });
  });

  test('no note, or one that cannot be read, is a cold start', () => {
    withFolder((file) => {
      assert.equal(takeRestartMarker(file), false);
      writeFileSync(file, '{ not json');
      assert.equal(takeRestartMarker(file), false);
      assert.equal(existsSync(file), false);
    });
  });
});

describe('graceful-restart capability (RFC 4724 §3)', () => {
  const session: SessionSettings = {
    ...CALICO_SESSION_DEFAULTS,
    name: 'Node_10_0_0_1',
    peerType: undefined,
    peerNodeName: undefined,
    address: '10.0.0.1',
    family: 'ipv4',
    peerAs: 64512,
    localAs: 64512,
    rrClient: true,
    passive: false,
    localAddress: undefined,
    md5Key: undefined,
    ttlSecurityHops: undefined,
    keepaliveTime: undefined,
  };
  const gr = (restarting: boolean) =>
    reflectorCapabilities(session, restarting).find((c) => c.kind === 'graceful-restart');

  test('RFC 4724 §3: R is set only while restarting; F is set (the reflector is not in the forwarding path)', () => {
    assert.deepEqual(gr(true), {
      kind: 'graceful-restart',
      restarting: true,
      notification: false,
      restartTimeSeconds: 120,
      families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
    });
    assert.deepEqual(gr(false), { ...gr(true), restarting: false });
  });
});
