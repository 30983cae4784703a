/**
 * What an OPEN exchange agreed, worked out once, when the peer's OPEN is accepted: the codec needs
 * part of it to read the very next message, and whoever consumes the session (the reflector core)
 * needs the rest when it comes up. Computing it in one place keeps the session's decoder, the
 * session's own checks and the routing core from disagreeing about what was negotiated.
 *
 * RFC 5492 §3: a capability is in use when both sides advertised it. Graceful restart is read
 * differently: the peer's capability is a promise about the peer (RFC 4724 §3), honoured by the
 * receiving side whether or not it restarts itself (§4.2).
 */
import { negotiateCodecContext } from '../codec/context.js';
import {
  Afi,
  Safi,
  familyKey,
  type Capability,
  type CodecContext,
  type FamilyKey,
  type OpenMessage,
} from '../codec/messages.js';
import { peerAsOf } from '../fsm/open-validation.js';

/** The peer's Graceful Restart capability (RFC 4724 §3), as the receiving speaker acts on it. */
export interface NegotiatedGracefulRestart {
  /** Restart Time: how long the peer's routes are kept while it is away (RFC 4724 §4.2). */
  readonly restartTimeSeconds: number;
  /** R bit: the peer has restarted and does not wait for our End-of-RIB (RFC 4724 §4.1). */
  readonly restarting: boolean;
  /** RFC 8538 §2: both sides set the N bit, so NOTIFICATIONs (other than Hard Reset) keep routes too. */
  readonly notification: boolean;
  /** The families the peer listed, with their F bit: forwarding state preserved (RFC 4724 §3). */
  readonly families: ReadonlyMap<FamilyKey, boolean>;
  /** We advertised the capability too: only then may a new connection replace an Established one (§4.2). */
  readonly bothAdvertised: boolean;
}

export interface NegotiatedContext {
  /** The OPEN we sent on this connection (bare when the peer refused capabilities, RFC 5492 §3). */
  readonly localOpen: OpenMessage;
  readonly peerOpen: OpenMessage;
  /** Families both sides advertised (RFC 4760 §8); a side that sent no Multiprotocol capability speaks IPv4 unicast. */
  readonly families: ReadonlySet<FamilyKey>;
  /**
   * How UPDATEs are read and written: ADD-PATH per family and direction (RFC 7911 §5), 4-octet AS
   * numbers (RFC 6793 §3), extended messages (RFC 8654) and the peer type (RFC 7606).
   */
  readonly codec: CodecContext;
  /** The peer's AS: capability 65 when present, else My AS (RFC 6793 §4.1). */
  readonly peerAs: number;
  /** The peer advertised Route Refresh: RFC 2918 §4 lets us send it a ROUTE-REFRESH only then. */
  readonly peerRouteRefresh: boolean;
  /** The peer advertised Enhanced Route Refresh: only then may it be sent BoRR or EoRR (RFC 7313). */
  readonly peerEnhancedRouteRefresh: boolean;
  /** Both advertised Enhanced Route Refresh: the routes we send again on request are framed by BoRR and EoRR. */
  readonly enhancedRouteRefresh: boolean;
  /** The peer's Graceful Restart capability; undefined when it sent none. */
  readonly gracefulRestart: NegotiatedGracefulRestart | undefined;
}

type GracefulRestartCapability = Extract<Capability, { kind: 'graceful-restart' }>;

function advertises(open: OpenMessage, kind: Capability['kind']): boolean {
  return open.capabilities.some((capability) => capability.kind === kind);
}

function advertisedFamilies(open: OpenMessage): Set<FamilyKey> {
  const families = new Set<FamilyKey>();
  for (const capability of open.capabilities)
    if (capability.kind === 'multiprotocol') families.add(familyKey(capability.afi, capability.safi));
  // RFC 4760 §8 / RFC 5492 §3: no Multiprotocol capability at all means IPv4 unicast only.
  if (families.size === 0) families.add(familyKey(Afi.Ipv4, Safi.Unicast));
  return families;
}

/** RFC 4724 §3: when the capability appears more than once, only the last instance counts. */
function lastGracefulRestart(open: OpenMessage): GracefulRestartCapability | undefined {
  let found: GracefulRestartCapability | undefined;
  for (const capability of open.capabilities) if (capability.kind === 'graceful-restart') found = capability;
  return found;
}

function gracefulRestartOf(local: OpenMessage, remote: OpenMessage): NegotiatedGracefulRestart | undefined {
  const theirs = lastGracefulRestart(remote);
  if (theirs === undefined) return undefined;
  const ours = lastGracefulRestart(local);
  const families = new Map<FamilyKey, boolean>();
  for (const family of theirs.families)
    families.set(familyKey(family.afi, family.safi), family.forwardingPreserved);
  return {
    restartTimeSeconds: theirs.restartTimeSeconds,
    restarting: theirs.restarting,
    notification: theirs.notification && (ours?.notification ?? false),
    families,
    bothAdvertised: ours !== undefined,
  };
}

export function negotiateContext(
  local: OpenMessage,
  remote: OpenMessage,
  peerType: 'internal' | 'external',
): NegotiatedContext {
  const theirFamilies = advertisedFamilies(remote);
  const peerEnhancedRouteRefresh = advertises(remote, 'enhanced-route-refresh');
  return {
    localOpen: local,
    peerOpen: remote,
    families: new Set([...advertisedFamilies(local)].filter((family) => theirFamilies.has(family))),
    codec: negotiateCodecContext(local, remote, peerType),
    peerAs: peerAsOf(remote),
    peerRouteRefresh: advertises(remote, 'route-refresh'),
    peerEnhancedRouteRefresh,
    enhancedRouteRefresh: peerEnhancedRouteRefresh && advertises(local, 'enhanced-route-refresh'),
    gracefulRestart: gracefulRestartOf(local, remote),
  };
}
