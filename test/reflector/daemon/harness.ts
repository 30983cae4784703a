/**
 * Test harness for the reflector daemon on loopback: the daemon listens on 127.0.0.1 (ephemeral
 * port), each client is a `BgpSpeaker` connecting from its own 127.0.x.y address and recording what
 * it receives, so a test sees the reflector's real bytes through an independent speaker.
 */
import { parseIpv4 } from '../../../src/bgp/codec/bytes.js';
import { parsePrefix } from '../../../src/bgp/codec/prefix.js';
import type {
  Capability,
  Nlri,
  RouteRefreshMessage,
  UpdateMessage,
} from '../../../src/bgp/codec/messages.js';
import type { DownReason } from '../../../src/bgp/fsm/down-reason.js';
import { BgpSpeaker } from '../../../src/bgp/speaker/speaker.js';
import type { BgpSession } from '../../../src/bgp/speaker/session.js';
import {
  CALICO_SESSION_DEFAULTS,
  type DaemonConfig,
  type SessionSettings,
} from '../../../src/reflector/daemon/daemon-config.js';
import { SILENT_LOG } from '../../../src/reflector/daemon/json-log.js';
import { ReflectorDaemon, type DaemonOptions } from '../../../src/reflector/daemon/reflector-daemon.js';

export const AS = 64512;

export function session(address: string, overrides: Partial<SessionSettings> = {}): SessionSettings {
  return {
    name: `Node_${address.replace(/\./g, '_')}`,
    peerType: 'node specific',
    peerNodeName: undefined,
    address,
    family: 'ipv4',
    peerAs: AS,
    localAs: AS,
    rrClient: true,
    port: 179,
    passive: true,
    localAddress: undefined,
    md5Key: undefined,
    ttlSecurityHops: undefined,
    holdTime: 30,
    keepaliveTime: undefined,
    gracefulRestartSeconds: CALICO_SESSION_DEFAULTS.gracefulRestartSeconds,
    connectRetryTime: 1,
    restartDelaySeconds: 0.2,
    ...overrides,
  };
}

export function daemonConfig(
  sessions: SessionSettings[],
  extra: { maxPrefixes?: number } = {},
): DaemonConfig {
  return {
    nodeName: 'ts-rr-test',
    reflector: {
      routerId: parseIpv4('10.255.0.1')!,
      asn: AS,
      clusterId: parseIpv4('224.0.0.1')!,
      peers: sessions.map((s) => ({
        address: s.address,
        asn: s.peerAs,
        rrClient: s.rrClient,
        families: [s.family],
        ...(extra.maxPrefixes !== undefined ? { maxPrefixes: extra.maxPrefixes } : {}),
      })),
    },
    sessions,
    unsupported: [],
  };
}

export async function startDaemon(
  config: DaemonConfig,
  options: Partial<DaemonOptions> = {},
): Promise<ReflectorDaemon> {
  const daemon = new ReflectorDaemon(config, {
    listen: { host: '127.0.0.1', port: 0 },
    log: SILENT_LOG,
    ...options,
  });
  await daemon.start();
  return daemon;
}

/** What Calico's BIRD 1.6 offers (requirements §4), IPv4 only. */
export function birdLikeCapabilities(routerAs = AS, addPath = false): Capability[] {
  return [
    { kind: 'multiprotocol', afi: 1, safi: 1 },
    { kind: 'route-refresh' },
    { kind: 'enhanced-route-refresh' },
    {
      kind: 'graceful-restart',
      restarting: false,
      notification: false,
      restartTimeSeconds: 120,
      families: [{ afi: 1, safi: 1, forwardingPreserved: false }],
    },
    { kind: 'four-octet-as', asn: routerAs },
    ...(addPath ? [{ kind: 'add-path' as const, families: [{ afi: 1, safi: 1, sendReceive: 3 }] }] : []),
  ];
}

export class Client {
  readonly updates: UpdateMessage[] = [];
  readonly refreshes: RouteRefreshMessage[] = [];
  readonly downs: string[] = [];
  /** Why each session ended, as the FSM reports it (NOTIFICATIONs with their data). */
  readonly downReasons: DownReason[] = [];
  private constructor(
    readonly address: string,
    readonly speaker: BgpSpeaker,
    readonly session: BgpSession,
  ) {
    session.on('update', (update) => this.updates.push(update));
    session.on('routeRefresh', (refresh) => this.refreshes.push(refresh));
    session.on('down', (reason, detail) => {
      this.downs.push(reason);
      this.downReasons.push(detail);
    });
  }

  static async connect(
    address: string,
    routerId: string,
    port: number,
    options: { addPath?: boolean; start?: boolean } = {},
  ): Promise<Client> {
    const speaker = new BgpSpeaker({ listen: false });
    const session = speaker.addPeer(
      {
        peerAddress: '127.0.0.1',
        peerPort: port,
        localAddress: address,
        localAs: AS,
        peerAs: AS,
        routerId,
        holdTime: 30,
        connectRetryTime: 1,
        idleHoldTime: 0,
        capabilities: birdLikeCapabilities(AS, options.addPath ?? false),
      },
      { start: options.start ?? true },
    );
    return new Client(address, speaker, session);
  }

  async established(timeoutMs = 5000): Promise<void> {
    await this.session.waitForState('Established', timeoutMs);
  }

  announce(prefixes: string[], attributes: Partial<UpdateMessage['attributes']> = {}): void {
    this.session.sendUpdate({
      type: 'update',
      withdrawn: [],
      attributes: {
        origin: 0,
        asPath: [],
        nextHop: parseIpv4(this.address)!,
        localPref: 100,
        ...attributes,
      },
      nlri: prefixes.map(nlri),
    });
  }

  withdraw(prefixes: string[]): void {
    this.session.sendUpdate({ type: 'update', withdrawn: prefixes.map(nlri), attributes: {}, nlri: [] });
  }

  /** Prefixes currently announced to us (replaying announcements and withdrawals in order), by path ID. */
  table(): Map<string, UpdateMessage['attributes']> {
    const out = new Map<string, UpdateMessage['attributes']>();
    const key = (n: Nlri): string =>
      `${[...n.address.subarray(0, 4)].join('.')}/${n.length}${n.pathId ? `#${n.pathId}` : ''}`;
    for (const update of this.updates) {
      for (const n of update.withdrawn) out.delete(key(n));
      for (const n of update.nlri) out.set(key(n), update.attributes);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.speaker.close();
  }
}

export function nlri(text: string): Nlri {
  return parsePrefix(text);
}

/** Poll until `check` returns true (tests stay fast: 20 ms steps, bounded). */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
