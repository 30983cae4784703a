/**
 * Two speakers of ours on 127.0.0.1 and 127.0.0.2 (both on the loopback interface, so each side has
 * an address of its own for the listener to recognise), each configured with the other.
 */
import { BgpSpeaker } from '../../../src/bgp/speaker/index.js';
import type { PeerConfig } from '../../../src/bgp/speaker/peer-config.js';

export const LOOPBACK_AS = 65000;

export interface LoopbackPairOptions {
  readonly holdTime: number;
  /** B waits for A to connect. */
  readonly passiveB?: boolean;
  /** Each side's TCP-MD5 key and TTL security. */
  readonly securityA?: PeerConfig['security'];
  readonly securityB?: PeerConfig['security'];
}

export async function loopbackPair(options: LoopbackPairOptions) {
  const a = new BgpSpeaker({ listen: { host: '127.0.0.1', port: 0 } });
  const b = new BgpSpeaker({ listen: { host: '127.0.0.2', port: 0 } });
  await a.listen();
  await b.listen();
  const common = {
    localAs: LOOPBACK_AS,
    peerAs: LOOPBACK_AS,
    holdTime: options.holdTime,
    connectRetryTime: 1,
    idleHoldTime: 1,
  };
  const sessionA = a.addPeer({
    ...common,
    peerAddress: '127.0.0.2',
    peerPort: b.port ?? 0,
    localAddress: '127.0.0.1',
    routerId: '10.0.0.1',
    ...(options.securityA !== undefined ? { security: options.securityA } : {}),
  });
  const sessionB = b.addPeer({
    ...common,
    peerAddress: '127.0.0.1',
    peerPort: a.port ?? 0,
    localAddress: '127.0.0.2',
    routerId: '10.0.0.2',
    passive: options.passiveB ?? false,
    ...(options.securityB !== undefined ? { security: options.securityB } : {}),
  });
  return { a, b, sessionA, sessionB };
}
