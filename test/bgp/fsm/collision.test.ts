import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveCollision, type CollisionInput } from '../../../src/bgp/fsm/index.js';

const LOW = 0x0a000001; // 10.0.0.1
const HIGH = 0xc0a80001; // 192.168.0.1: above 2^31, so a signed comparison would get it wrong

function input(overrides: Partial<CollisionInput>): CollisionInput {
  return {
    localBgpId: LOW,
    remoteBgpId: HIGH,
    existing: { state: 'OpenConfirm', initiatedLocally: true },
    incoming: { state: 'OpenSent', initiatedLocally: false },
    gracefulRestartNegotiated: false,
    incomingOpenedAfterEstablished: false,
    ...overrides,
  };
}

describe('connection collision (RFC 4271 §6.8, RFC 4724 §4.2)', () => {
  test('RFC 4271 §6.8: lower local identifier closes the connection the local system initiated', () => {
    // Existing was ours, incoming was the peer's: ours goes.
    assert.equal(resolveCollision(input({})), 'dump-existing');
    // Existing was the peer's, incoming is ours: ours (incoming) goes.
    assert.equal(
      resolveCollision(
        input({
          existing: { state: 'OpenConfirm', initiatedLocally: false },
          incoming: { state: 'OpenSent', initiatedLocally: true },
        }),
      ),
      'dump-incoming',
    );
  });

  test('RFC 4271 §6.8: higher local identifier closes the connection the peer initiated (unsigned comparison)', () => {
    assert.equal(resolveCollision(input({ localBgpId: HIGH, remoteBgpId: LOW })), 'dump-incoming');
    assert.equal(
      resolveCollision(
        input({
          localBgpId: HIGH,
          remoteBgpId: LOW,
          existing: { state: 'OpenConfirm', initiatedLocally: false },
          incoming: { state: 'OpenSent', initiatedLocally: true },
        }),
      ),
      'dump-existing',
    );
  });

  test('RFC 4271 §6.8: a connection whose peer identifier is unknown (OpenSent) is not compared', () => {
    assert.equal(
      resolveCollision(input({ existing: { state: 'OpenSent', initiatedLocally: true } })),
      'no-collision',
    );
    assert.equal(
      resolveCollision(input({ existing: { state: 'Connect', initiatedLocally: true } })),
      'no-collision',
    );
  });

  test('RFC 4271 §6.8: a collision with an Established connection closes the new one', () => {
    for (const localBgpId of [LOW, HIGH]) {
      assert.equal(
        resolveCollision(input({ localBgpId, existing: { state: 'Established', initiatedLocally: true } })),
        'dump-incoming',
      );
    }
  });

  test('RFC 4724 §4.2: with graceful restart negotiated, a connection opened after Established replaces it (the peer restarted)', () => {
    assert.equal(
      resolveCollision(
        input({
          existing: { state: 'Established', initiatedLocally: false },
          gracefulRestartNegotiated: true,
          incomingOpenedAfterEstablished: true,
        }),
      ),
      'replace-established',
    );
  });

  test('RFC 4271 §6.8 over RFC 4724 §4.2: the other half of a simultaneous open never replaces an Established session', () => {
    assert.equal(
      resolveCollision(
        input({
          existing: { state: 'Established', initiatedLocally: true },
          gracefulRestartNegotiated: true,
          incomingOpenedAfterEstablished: false,
        }),
      ),
      'dump-incoming',
    );
  });

  test('RFC 4271 §6.8 (choice): two connections from the same side keep the newer one', () => {
    assert.equal(
      resolveCollision(
        input({
          existing: { state: 'OpenConfirm', initiatedLocally: false },
          incoming: { state: 'OpenSent', initiatedLocally: false },
        }),
      ),
      'dump-existing',
    );
  });
});
