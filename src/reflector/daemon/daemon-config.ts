/**
 * What the reflector daemon runs from: the routing core's configuration plus, per peer, the session
 * settings the core leaves to the FSM and transport (port, passive, timers, graceful-restart time,
 * TCP-MD5 key, TTL security).
 * Built from Calico's intent by `daemonConfigFromIntent`; plain data, so it can be written as JSON,
 * compared for live reconfiguration and shown by the API.
 */
import type { PeerType } from '../../calico/index.js';
import type { ReflectorConfig, UnicastFamily } from '../config.js';

export interface SessionSettings {
  /** Calico's protocol name (`Node_10_0_0_3`, `Global_…`, `Mesh_…`): how BIRD and the API name the session. */
  readonly name: string;
  /** `calicoctl node status` peer type, when Calico gives one. */
  readonly peerType: PeerType | undefined;
  /** Name of the Calico node behind the address, when it is one. */
  readonly peerNodeName: string | undefined;
  readonly address: string;
  readonly family: UnicastFamily;
  readonly peerAs: number;
  /** The AS we present (Calico `localASNumber` or the node's AS). */
  readonly localAs: number;
  /** RFC 4456 §5: we reflect to this peer as a client. */
  readonly rrClient: boolean;
  /** Remote port for active opens (default 179). */
  readonly port: number;
  /** Wait for the peer to connect (BIRD `passive on`). */
  readonly passive: boolean;
  /** Source address for active opens and NEXT_HOP toward external peers. */
  readonly localAddress: string | undefined;
  /** RFC 2385 key (Calico `password`, read from its Secret); never shown by the API. */
  readonly md5Key: string | undefined;
  /** RFC 5082 GTSM: the peer is at most this many hops away (Calico `ttlSecurity`). */
  readonly ttlSecurityHops: number | undefined;
  /** Hold time offered, seconds (BIRD default 240, as Calico's BIRD uses). */
  readonly holdTime: number;
  /** Keepalive override (Calico `keepaliveTime`); default hold/3. */
  readonly keepaliveTime: number | undefined;
  /** Restart Time we advertise in the graceful-restart capability (RFC 4724 §3; BIRD default 120). */
  readonly gracefulRestartSeconds: number;
  /** Calico's `connect retry time 5`. */
  readonly connectRetryTime: number;
  /**
   * Pause before a session that went down starts again, seconds (jittered up to twice as long).
   * Shorter than Calico's `error wait time 5,30`, so the peer's next attempt is not refused.
   */
  readonly restartDelaySeconds: number;
}

export interface DaemonConfig {
  /** The Calico node this reflector is, for logs and the API. */
  readonly nodeName: string;
  readonly reflector: ReflectorConfig;
  readonly sessions: readonly SessionSettings[];
  /** What the intent asked for that this daemon cannot do (parts of BGP filters): logged. */
  readonly unsupported: readonly string[];
}

/** Timers as Calico's BIRD runs them (`bird.cfg.template`; BIRD 1.6 defaults where Calico sets none). */
export const CALICO_SESSION_DEFAULTS = {
  holdTime: 240,
  gracefulRestartSeconds: 120,
  connectRetryTime: 5,
  restartDelaySeconds: 1,
  port: 179,
} as const;
