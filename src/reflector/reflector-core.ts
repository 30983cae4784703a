/**
 * The route reflector core: events in, actions out, no I/O (holo's `events.rs` + `rib.rs`).
 *
 *   event ──► Adj-RIB-In (per peer) ──► Loc-RIB (all candidates, best path) ──► update groups
 *                                                                               (buckets ──► bytes)
 *
 * `handleBatch` applies a list of events, runs the decision process once for every prefix they
 * touched, then flushes every update group once: within a batch a prefix that changes several times
 * goes out once, with its latest state. `handle` is a batch of one.
 */
import { parseAddress } from '../bgp/codec/prefix.js';
import { speakerAs, negotiateCodecContext } from '../bgp/codec/context.js';
import { encodeEndOfRib } from '../bgp/codec/update-packer.js';
import { encodeMessage } from '../bgp/codec/message-codec.js';
import {
  CeaseSubcode,
  NotificationCode,
  RouteRefreshSubtype,
  familyKey,
  type CodecContext,
  type FamilyKey,
  type Nlri,
  type OpenMessage,
  type PathAttributes,
  type UpdateMessage,
} from '../bgp/codec/messages.js';
import type { DownReason } from '../bgp/fsm/down-reason.js';
import { SPEAKER_TIMER, type ReflectorAction, type ReflectorTimer } from './actions.js';
import { AdjRibIn } from './adj-rib-in.js';
import { DestinationSlots, PathMap, type AdjRibOut } from './adj-rib-out.js';
import { AttributeInterner } from './attribute-interner.js';
import {
  DEFAULT_LOCAL_PREF,
  DEFAULT_STALE_ROUTES_SECONDS,
  type PeerConfig,
  type ReflectorConfig,
} from './config.js';
import { endOfRibFamily } from './end-of-rib.js';
import { errorText } from './error-text.js';
import type { ReflectorEvent } from './events.js';
import { familyKeyOf, IPV4_UNICAST } from './family.js';
import { gracefulRestartPromise, keepsRoutesStale, type GracefulRestartPromise } from './graceful-restart.js';
import { LocRib, type Destination } from './loc-rib.js';
import { asPathLoops, clusterListLoops, originatorIdLoops } from './loop-prevention.js';
import { isUsableNextHop } from './next-hop.js';
import { prefixKey } from './prefix-key.js';
import type { LocalIdentity } from './reflection.js';
import { StoredRoute, type IneligibleReason, type Route, type SourcePeer } from './route.js';
import { UpdateGroup, groupKey, type GroupPolicy } from './update-group.js';
import { importAllowed } from './route-policy.js';
import { ipv4FromNumber } from '../net/index.js';

/** One established session. */
interface Session {
  readonly source: SourcePeer;
  readonly codec: CodecContext;
  readonly families: readonly FamilyKey[];
  readonly groups: Map<FamilyKey, UpdateGroup>;
  readonly enhancedRefresh: boolean;
  readonly gracefulRestart: GracefulRestartPromise | undefined;
  /** Families whose End-of-RIB has arrived (RFC 4724 §2). */
  readonly endOfRibReceived: Set<FamilyKey>;
}

interface PeerRecord {
  readonly config: PeerConfig;
  readonly addressBytes: Uint8Array;
  readonly localAddress: Uint8Array | undefined;
  readonly adjRibIn: AdjRibIn;
  session: Session | undefined;
  /** Families of which routes are being kept stale (RFC 4724 §4.2, RFC 7313 §4). */
  readonly staleFamilies: Set<FamilyKey>;
  /** The peer's session went down under graceful restart and has not come back. */
  restarting: boolean;
  /** The RFC 4724 §4.2 stale timer is running (the peer is back, its End-of-RIB not yet). */
  staleTimerRunning: boolean;
}

function mustParseAddress(text: string, what: string): Uint8Array {
  const bytes = parseAddress(text);
  if (bytes === undefined) throw new Error(`${what}: "${text}" is not an IP address`);
  return bytes;
}

function advertisedFamilies(open: OpenMessage): Set<FamilyKey> {
  const families = new Set<FamilyKey>();
  for (const capability of open.capabilities) {
    if (capability.kind === 'multiprotocol') families.add(familyKey(capability.afi, capability.safi));
  }
  return families;
}

/**
 * RFC 4760 §8 / RFC 5492 §3: a family is used when both sides advertised it; a speaker that sends no
 * Multiprotocol capability at all speaks IPv4 unicast only.
 */
function negotiatedFamilies(
  local: OpenMessage,
  remote: OpenMessage,
  configured: readonly FamilyKey[],
): FamilyKey[] {
  const ours = advertisedFamilies(local);
  const theirs = advertisedFamilies(remote);
  if (ours.size === 0) ours.add(IPV4_UNICAST);
  if (theirs.size === 0) theirs.add(IPV4_UNICAST);
  return configured.filter((family) => ours.has(family) && theirs.has(family));
}

function both(local: OpenMessage, remote: OpenMessage, kind: 'enhanced-route-refresh'): boolean {
  return (
    local.capabilities.some((capability) => capability.kind === kind) &&
    remote.capabilities.some((capability) => capability.kind === kind)
  );
}

/** RFC 4486 §4: Cease 6/1 data is AFI, SAFI and the prefix upper bound. */
function maxPrefixData(family: FamilyKey, limit: number): Uint8Array {
  return Uint8Array.of(
    family >>> 16,
    (family >>> 8) & 0xff,
    family & 0xff,
    limit >>> 24,
    (limit >>> 16) & 0xff,
    (limit >>> 8) & 0xff,
    limit & 0xff,
  );
}

export class ReflectorCore {
  readonly interner = new AttributeInterner();
  readonly locRib = new LocRib();
  readonly #config: ReflectorConfig;
  readonly #local: LocalIdentity;
  readonly #peers = new Map<string, PeerRecord>();
  readonly #groups = new Map<string, UpdateGroup>();
  /** Loc-RIB slots for best-path groups (`DestinationSlots`): how many exist, and those dropped groups freed. */
  #slotsMade = 0;
  readonly #freeSlots: number[] = [];
  readonly #ownAddresses: Uint8Array[];
  readonly #defaultLocalPref: number;
  /** Destinations touched since the last settle. */
  readonly #dirty = new Set<Destination>();
  /** Peers owed an End-of-RIB per family once the current batch is flushed (RFC 4724 §2). */
  readonly #endOfRibDue: { peer: string; family: FamilyKey }[] = [];
  /** RFC 4724 §4.1: we restarted, and route selection waits for the peers' End-of-RIB. */
  #deferring: boolean;

  constructor(config: ReflectorConfig) {
    this.#config = config;
    this.#local = {
      routerId: config.routerId,
      asn: config.asn,
      // RFC 4456 §7: the CLUSTER_ID defaults to the router's BGP Identifier.
      clusterId: config.clusterId ?? config.routerId,
      clientToClientReflection: config.clientToClientReflection ?? true,
    };
    this.#defaultLocalPref = config.defaultLocalPref ?? DEFAULT_LOCAL_PREF;
    this.#deferring = config.selectionDeferralSeconds !== undefined;
    this.#ownAddresses = [];
    for (const peer of config.peers) {
      if (this.#peers.has(peer.address)) throw new Error(`peer ${peer.address} is configured twice`);
      const localAddress =
        peer.localAddress === undefined
          ? undefined
          : mustParseAddress(peer.localAddress, `peer ${peer.address} local address`);
      if (localAddress !== undefined) this.#ownAddresses.push(localAddress);
      this.#peers.set(peer.address, {
        config: peer,
        addressBytes: mustParseAddress(peer.address, 'peer address'),
        localAddress,
        adjRibIn: new AdjRibIn(peer.address, this.locRib),
        session: undefined,
        staleFamilies: new Set(),
        restarting: false,
        staleTimerRunning: false,
      });
    }
  }

  get identity(): LocalIdentity {
    return this.#local;
  }

  /** Route selection is deferred after our own restart (RFC 4724 §4.1): nothing is advertised yet. */
  get deferring(): boolean {
    return this.#deferring;
  }

  /** What the host must do before the first event: start the Selection_Deferral_Timer when restarting. */
  startActions(): ReflectorAction[] {
    const seconds = this.#config.selectionDeferralSeconds;
    if (!this.#deferring || seconds === undefined) return [];
    return [{ type: 'start-timer', peer: SPEAKER_TIMER, timer: 'selection-deferral', seconds }];
  }

  handle(event: ReflectorEvent): ReflectorAction[] {
    return this.handleBatch([event]);
  }

  /**
   * Applies every event, then decides and flushes once. An exception while applying one event costs
   * only that event's peer its session (see `#failPeer`); the other events of the batch still apply.
   */
  handleBatch(events: readonly ReflectorEvent[]): ReflectorAction[] {
    const actions: ReflectorAction[] = [];
    for (const event of events) {
      try {
        this.#apply(event, actions);
      } catch (error) {
        this.#failPeer(event, error, actions);
      }
    }
    this.#settle();
    for (const group of this.#groups.values()) actions.push(...group.flush());
    for (const { peer, family } of this.#endOfRibDue.splice(0)) {
      if (this.#peers.get(peer)?.session?.groups.has(family)) {
        actions.push({
          type: 'send',
          peers: [peer],
          messages: [encodeEndOfRib(family >>> 8, family & 0xff)],
        });
      }
    }
    return actions;
  }

  // -------------------------------------------------------------------------------------------------
  // Inspection (for the API and tests)
  // -------------------------------------------------------------------------------------------------

  adjRibIn(peer: string): AdjRibIn | undefined {
    return this.#peers.get(peer)?.adjRibIn;
  }

  /** The codec context of the peer's session (what its UPDATEs are encoded with), if it is up. */
  codecContext(peer: string): CodecContext | undefined {
    return this.#peers.get(peer)?.session?.codec;
  }

  /** Whether the peer has an established session known to the core. */
  isUp(peer: string): boolean {
    return this.#peers.get(peer)?.session !== undefined;
  }

  updateGroups(): IterableIterator<UpdateGroup> {
    return this.#groups.values();
  }

  /** The Loc-RIB entry for a prefix. */
  destination(prefix: Nlri): Destination | undefined {
    return this.locRib.get(prefixKey(prefix));
  }

  // -------------------------------------------------------------------------------------------------
  // Events
  // -------------------------------------------------------------------------------------------------

  #apply(event: ReflectorEvent, actions: ReflectorAction[]): void {
    if (event.type === 'timer-expired' && event.timer === 'selection-deferral') {
      if (this.#deferring) this.#endDeferral('the selection deferral timer expired', actions);
      return;
    }
    const peer = this.#peers.get(event.peer);
    if (peer === undefined) {
      actions.push({
        type: 'log',
        peer: event.peer,
        text: `event ${event.type} for a peer that is not configured`,
      });
      return;
    }
    switch (event.type) {
      case 'peer-up':
        return this.#peerUp(peer, event.localOpen, event.remoteOpen, actions);
      case 'peer-down':
        return this.#peerDown(peer, event.reason, actions);
      case 'update':
        return this.#update(peer, event.update, event.treatAsWithdraw ?? false, actions);
      case 'route-refresh':
        return this.#routeRefresh(
          peer,
          event.refresh.afi,
          event.refresh.safi,
          event.refresh.subtype,
          actions,
        );
      case 'timer-expired':
        return this.#timerExpired(peer, event.timer, actions);
    }
  }

  /**
   * An event threw: a fault of ours, not of the peer's message, since the codec has already turned
   * every malformed message into its own NOTIFICATION or an RFC 7606 treat-as-withdraw before the
   * event was made. Only that peer pays: its session is reset and, as for a maximum-prefix reset, the
   * core takes it down at once, so whatever part of the event did apply leaves with its routes (or
   * is kept stale and re-learned, when RFC 8538 graceful restart covers a NOTIFICATION).
   *
   * The NOTIFICATION is Cease with subcode 0. RFC 4271 §6.7 lets a speaker close a connection with
   * Cease when no fatal error of §6 applies; RFC 4486 defines no subcode for an internal failure, and
   * §4.5 uses 0 (Unspecific) when no subcode fits. An UPDATE Message Error (code 3) would blame the
   * peer for a message that was well formed, and 6/8 Out of Resources would misname a bug.
   */
  #failPeer(event: ReflectorEvent, error: unknown, actions: ReflectorAction[]): void {
    const text = `internal error while handling ${event.type}: ${errorText(error)}`;
    const peer = this.#peers.get(event.peer);
    if (peer === undefined) {
      // A speaker-wide event (the selection deferral timer): no session to blame.
      actions.push({ type: 'log', text });
      return;
    }
    const notification = {
      type: 'notification',
      code: NotificationCode.Cease,
      subcode: 0,
      data: new Uint8Array(0),
    } as const;
    actions.push({ type: 'reset-session', peer: peer.config.address, notification, internalError: text });
    try {
      this.#peerDown(peer, { kind: 'notification-sent', notification }, actions);
    } catch (again) {
      // The teardown failed as well: the session-down event that follows the reset tries again.
      actions.push({
        type: 'log',
        peer: peer.config.address,
        text: `internal error while taking the session down: ${errorText(again)}`,
      });
    }
  }

  #peerUp(
    peer: PeerRecord,
    localOpen: OpenMessage,
    remoteOpen: OpenMessage,
    actions: ReflectorAction[],
  ): void {
    const address = peer.config.address;
    // RFC 4724 §4.2: a new session while we still think the old one is up means the peer restarted.
    if (peer.session !== undefined) this.#peerDown(peer, { kind: 'misc', text: 'Graceful restart' }, actions);

    const internal = peer.config.asn === this.#config.asn;
    const codec = negotiateCodecContext(localOpen, remoteOpen, internal ? 'internal' : 'external');
    const families = negotiatedFamilies(localOpen, remoteOpen, peer.config.families.map(familyKeyOf));
    const gracefulRestart = gracefulRestartPromise(localOpen, remoteOpen);
    const session: Session = {
      source: {
        address,
        addressBytes: peer.addressBytes,
        bgpId: remoteOpen.bgpId,
        asn: speakerAs(remoteOpen),
        internal,
        rrClient: internal && peer.config.rrClient,
      },
      codec,
      families,
      groups: new Map(),
      enhancedRefresh: both(localOpen, remoteOpen, 'enhanced-route-refresh'),
      gracefulRestart,
      endOfRibReceived: new Set(),
    };
    peer.session = session;

    if (peer.restarting) {
      peer.restarting = false;
      actions.push({ type: 'stop-timer', peer: address, timer: 'restart' });
      // RFC 4724 §4.2: stale routes of a family stay only if the new OPEN lists it with the F bit set.
      for (const family of [...peer.staleFamilies]) {
        if (gracefulRestart?.families.get(family) !== true) this.#purgeStale(peer, family);
      }
      if (peer.staleFamilies.size > 0) {
        const seconds = this.#config.staleRoutesSeconds ?? DEFAULT_STALE_ROUTES_SECONDS;
        actions.push({ type: 'start-timer', peer: address, timer: 'stale', seconds });
        peer.staleTimerRunning = true;
      }
    }

    for (const family of families) {
      const policy: GroupPolicy = {
        family,
        internal,
        rrClient: session.source.rrClient,
        localAddress: peer.localAddress,
        addPathSend: codec.addPathSend.has(family),
        fourOctetAs: codec.fourOctetAs,
        extendedMessage: codec.extendedMessage,
        clusterId: this.#local.clusterId,
        ...(this.#config.shareUpdateGroups === false ? { soloPeer: address } : {}),
        ...(peer.config.nextHopMode !== undefined && peer.config.nextHopMode !== 'Auto'
          ? { nextHopMode: peer.config.nextHopMode }
          : {}),
        ...(peer.config.exportPolicy !== undefined ? { exportPolicy: peer.config.exportPolicy } : {}),
      };
      const key = groupKey(policy);
      let group = this.#groups.get(key);
      // RFC 4724 §4.1: while selection is deferred, groups fill and End-of-RIB goes out when it ends.
      if (group === undefined) {
        // A new group starts empty toward its members and learns the Loc-RIB as queued changes, so
        // the initial content is bucketed and encoded once for everyone joining in this batch.
        group = new UpdateGroup(policy, this.interner, this.#local, this.#newRibOut(policy));
        this.#groups.set(key, group);
        if (!this.#deferring) {
          for (const destination of this.locRib.destinations()) {
            if (destination.prefix.afi === family >>> 8) group.update(destination);
          }
        }
      } else if (!this.#deferring) {
        // Joining a group that has content: the members' current view, encoded for this peer alone.
        const messages = group.dump(address);
        if (messages.length > 0) actions.push({ type: 'send', peers: [address], messages });
      }
      group.join(address);
      session.groups.set(family, group);
      if (!this.#deferring) this.#endOfRibDue.push({ peer: address, family });
    }
    if (this.#deferring) this.#checkDeferral(actions);
  }

  /** A best-path group keeps its Adj-RIB-Out in a Loc-RIB slot of its own; an ADD-PATH group in a map. */
  #newRibOut(policy: GroupPolicy): AdjRibOut {
    if (policy.addPathSend) return new PathMap();
    const slot = this.#freeSlots.pop() ?? this.#slotsMade++;
    return new DestinationSlots(this.locRib, slot, policy.family >>> 8);
  }

  #leaveGroups(peer: PeerRecord, session: Session): void {
    for (const group of session.groups.values()) {
      group.leave(peer.config.address);
      if (group.memberCount === 0) {
        group.dispose();
        this.#groups.delete(group.key);
        if (group.ribOut instanceof DestinationSlots) this.#freeSlots.push(group.ribOut.slot);
      }
    }
    session.groups.clear();
  }

  #peerDown(peer: PeerRecord, reason: DownReason, actions: ReflectorAction[]): void {
    const session = peer.session;
    if (session === undefined) return;
    this.#leaveGroups(peer, session);
    peer.session = undefined;
    const promise = session.gracefulRestart;
    if (!keepsRoutesStale(promise, reason) || promise === undefined) {
      for (const family of [...peer.adjRibIn.families()]) this.#withdrawAll(peer, family);
      peer.staleFamilies.clear();
      this.#stopStaleTimer(peer, actions);
      return;
    }
    // RFC 4724 §4.2: keep the routes of the families the peer listed, marked stale; routes that were
    // already stale from an earlier restart go now; other families are withdrawn.
    for (const family of [...peer.adjRibIn.families()]) {
      if (peer.staleFamilies.has(family)) this.#purgeStale(peer, family);
      if (promise.families.has(family)) this.#markStale(peer, family);
      else this.#withdrawAll(peer, family);
    }
    this.#stopStaleTimer(peer, actions);
    if (peer.staleFamilies.size === 0) return;
    peer.restarting = true;
    actions.push({
      type: 'start-timer',
      peer: peer.config.address,
      timer: 'restart',
      seconds: promise.restartTimeSeconds,
    });
  }

  #stopStaleTimer(peer: PeerRecord, actions: ReflectorAction[]): void {
    if (!peer.staleTimerRunning) return;
    peer.staleTimerRunning = false;
    actions.push({ type: 'stop-timer', peer: peer.config.address, timer: 'stale' });
  }

  #timerExpired(peer: PeerRecord, timer: ReflectorTimer, actions: ReflectorAction[]): void {
    // RFC 4724 §4.2: the peer did not come back in time (restart), or did not finish its initial
    // update in time (stale): its stale routes go.
    if (timer === 'restart' && !peer.restarting) return;
    if (timer === 'restart') peer.restarting = false;
    if (timer === 'stale') peer.staleTimerRunning = false;
    const families = [...peer.staleFamilies];
    for (const family of families) this.#purgeStale(peer, family);
    if (families.length > 0)
      actions.push({
        type: 'log',
        peer: peer.config.address,
        text: `${timer} timer expired: stale routes removed`,
      });
  }

  #update(
    peer: PeerRecord,
    update: UpdateMessage,
    treatAsWithdraw: boolean,
    actions: ReflectorAction[],
  ): void {
    const session = peer.session;
    if (session === undefined) return;
    const endOfRib = endOfRibFamily(update);
    if (endOfRib !== undefined) {
      session.endOfRibReceived.add(endOfRib);
      if (peer.staleFamilies.has(endOfRib)) {
        this.#purgeStale(peer, endOfRib);
        if (peer.staleFamilies.size === 0) this.#stopStaleTimer(peer, actions);
      }
      if (this.#deferring) this.#checkDeferral(actions);
      return;
    }
    const carried = (family: FamilyKey): boolean => session.families.includes(family);
    if (update.withdrawn.length > 0 && carried(IPV4_UNICAST)) {
      for (const nlri of update.withdrawn) this.#withdraw(peer, IPV4_UNICAST, nlri);
    }
    const unreach = update.mpUnreach;
    if (unreach !== undefined && carried(familyKey(unreach.afi, unreach.safi))) {
      for (const nlri of unreach.withdrawn) this.#withdraw(peer, familyKey(unreach.afi, unreach.safi), nlri);
    }
    const reach = update.mpReach;
    const announced: { family: FamilyKey; nlri: readonly Nlri[]; mpNextHop: Uint8Array | undefined }[] = [];
    if (update.nlri.length > 0 && carried(IPV4_UNICAST)) {
      announced.push({ family: IPV4_UNICAST, nlri: update.nlri, mpNextHop: undefined });
    }
    if (reach !== undefined && reach.nlri.length > 0 && carried(familyKey(reach.afi, reach.safi))) {
      announced.push({
        family: familyKey(reach.afi, reach.safi),
        nlri: reach.nlri,
        mpNextHop: reach.nextHop,
      });
    }
    for (const { family, nlri, mpNextHop } of announced) {
      if (treatAsWithdraw || this.#loops(update.attributes)) {
        // RFC 7606 §2 treat-as-withdraw; RFC 4456 §8 loops handled as a withdrawal (BIRD's choice).
        for (const prefix of nlri) this.#withdraw(peer, family, prefix);
        continue;
      }
      if (!this.#announce(peer, session, family, nlri, update.attributes, mpNextHop, actions)) return;
    }
  }

  /** RFC 4456 §8: the route has been through us already. */
  #loops(attributes: PathAttributes): boolean {
    return (
      clusterListLoops(attributes, this.#local.clusterId) ||
      originatorIdLoops(attributes, this.#local.routerId)
    );
  }

  /** The attributes as stored: LOCAL_PREF filled in (RFC 4271 §5.1.5; BIRD `default local pref`). */
  #importedAttributes(attributes: PathAttributes, internal: boolean): PathAttributes {
    // From an internal peer a missing LOCAL_PREF gets the default (RFC 7606 §3(d) leaves it to the
    // receiver; BIRD and GoBGP fill 100). From an external peer LOCAL_PREF has no meaning (§5.1.5)
    // and is replaced by our default degree of preference (§9.1.1).
    if (internal && attributes.localPref !== undefined) return attributes;
    return { ...attributes, localPref: this.#defaultLocalPref };
  }

  #ineligible(
    attributes: PathAttributes,
    nextHop: Uint8Array | undefined,
    allowLocalAs: number,
  ): IneligibleReason | undefined {
    if (asPathLoops(attributes, this.#local.asn, allowLocalAs)) return 'as-loop';
    if (
      nextHop === undefined ||
      !isUsableNextHop(nextHop, this.#ownAddresses, this.#config.isNextHopReachable)
    ) {
      return 'unusable-next-hop';
    }
    return undefined;
  }

  /** Stores announced routes; returns false when the session was reset (maximum prefixes, RFC 4486). */
  #announce(
    peer: PeerRecord,
    session: Session,
    family: FamilyKey,
    nlri: readonly Nlri[],
    received: PathAttributes,
    mpNextHop: Uint8Array | undefined,
    actions: ReflectorAction[],
  ): boolean {
    const attributes = this.#importedAttributes(received, session.source.internal);
    const nextHop =
      mpNextHop ?? (attributes.nextHop === undefined ? undefined : ipv4FromNumber(attributes.nextHop).bytes);
    const ineligible = this.#ineligible(attributes, nextHop, peer.config.allowLocalAs ?? 0);
    const importFilters = peer.config.importFilters;
    // One interning per UPDATE: every prefix in it shares the set.
    const set = this.interner.acquire(attributes, mpNextHop);
    for (const prefix of nlri) {
      const key = prefixKey(prefix);
      const destination = this.locRib.ensure(key);
      const previous = destination.pathFrom(peer.config.address, prefix.pathId);
      const route = new StoredRoute(
        session.source,
        prefix.pathId,
        this.interner.retain(set),
        // RFC 7911 §5 (K6): a replacement keeps the Path Identifier we gave the path.
        previous?.localPathId ?? destination.freshPathId(),
        ineligible ??
          (importAllowed(importFilters, key, attributes, session.source.internal) ? undefined : 'filtered'),
      );
      this.locRib.put(destination, route, previous);
      peer.adjRibIn.added(family, previous);
      if (previous !== undefined) this.interner.release(previous.attributes);
      this.#dirty.add(destination);
    }
    this.interner.release(set);
    const limit = peer.config.maxPrefixes;
    if (limit !== undefined && peer.adjRibIn.count(family) > limit) {
      // RFC 4271 §6.7 / RFC 4486 §4: Cease, Maximum Number of Prefixes Reached; no graceful restart.
      actions.push({
        type: 'reset-session',
        peer: peer.config.address,
        notification: {
          type: 'notification',
          code: NotificationCode.Cease,
          subcode: CeaseSubcode.MaximumNumberOfPrefixesReached,
          data: maxPrefixData(family, limit),
        },
      });
      this.#peerDown(peer, { kind: 'manual', text: 'Maximum number of prefixes reached' }, actions);
      return false;
    }
    return true;
  }

  #removeRoute(peer: PeerRecord, family: FamilyKey, destination: Destination, route: Route): void {
    this.locRib.remove(destination, route);
    this.#dirty.add(destination);
    peer.adjRibIn.removed(family);
    this.interner.release(route.attributes);
  }

  /** RFC 4271 §3.1: a withdrawal of a path we do not hold is ignored (RFC 7911 §5 for Path Identifiers). */
  #withdraw(peer: PeerRecord, family: FamilyKey, nlri: Nlri): void {
    const destination = this.locRib.get(prefixKey(nlri));
    const route = destination?.pathFrom(peer.config.address, nlri.pathId);
    if (destination !== undefined && route !== undefined) this.#removeRoute(peer, family, destination, route);
  }

  #withdrawAll(peer: PeerRecord, family: FamilyKey): void {
    for (const [destination, route] of [...peer.adjRibIn.routes(family)])
      this.#removeRoute(peer, family, destination, route);
  }

  #markStale(peer: PeerRecord, family: FamilyKey): void {
    for (const [, route] of peer.adjRibIn.routes(family)) route.stale = true;
    peer.staleFamilies.add(family);
  }

  #purgeStale(peer: PeerRecord, family: FamilyKey): void {
    for (const [destination, route] of [...peer.adjRibIn.routes(family)])
      if (route.stale) this.#removeRoute(peer, family, destination, route);
    peer.staleFamilies.delete(family);
  }

  #routeRefresh(
    peer: PeerRecord,
    afi: number,
    safi: number,
    subtype: number,
    actions: ReflectorAction[],
  ): void {
    const session = peer.session;
    const family = familyKey(afi, safi);
    // RFC 2918 §4: a request for a family the session does not carry is ignored.
    if (session === undefined || !session.families.includes(family)) return;
    const address = peer.config.address;
    switch (subtype) {
      case RouteRefreshSubtype.Request: {
        const group = session.groups.get(family);
        if (group === undefined) return;
        const messages = group.dump(address);
        if (session.enhancedRefresh) {
          // RFC 7313 §4: the re-advertisement is framed by BoRR and EoRR.
          const marker = (subtype: number): Uint8Array =>
            encodeMessage({ type: 'route-refresh', afi, safi, subtype }, session.codec);
          messages.unshift(marker(RouteRefreshSubtype.BeginOfRouteRefresh));
          messages.push(marker(RouteRefreshSubtype.EndOfRouteRefresh));
        }
        if (messages.length > 0) actions.push({ type: 'send', peers: [address], messages });
        return;
      }
      case RouteRefreshSubtype.BeginOfRouteRefresh:
        // RFC 7313 §4: ignored before the peer's End-of-RIB on a graceful-restart session (H3).
        if (session.gracefulRestart !== undefined && !session.endOfRibReceived.has(family)) return;
        this.#markStale(peer, family);
        return;
      case RouteRefreshSubtype.EndOfRouteRefresh:
        // RFC 7313 §4: what was not re-advertised between BoRR and EoRR is gone.
        if (peer.staleFamilies.has(family)) this.#purgeStale(peer, family);
        return;
      default:
        // RFC 7313 §5: an unknown subtype is ignored.
        return;
    }
  }

  /**
   * RFC 4724 §4.1: selection waits for the End-of-RIB of every configured peer, except peers without
   * the graceful-restart capability and peers that are restarting themselves (R bit), which would
   * otherwise wait for ours. A configured peer that is not up yet is waited for (until the timer).
   */
  #checkDeferral(actions: ReflectorAction[]): void {
    for (const peer of this.#peers.values()) {
      const session = peer.session;
      if (session === undefined) return;
      const promise = session.gracefulRestart;
      if (promise === undefined || promise.restarting) continue;
      for (const family of session.families) if (!session.endOfRibReceived.has(family)) return;
    }
    this.#endDeferral('End-of-RIB received from every peer', actions);
  }

  /** The deferred selection runs: every group learns the whole Loc-RIB, then every peer gets End-of-RIB. */
  #endDeferral(why: string, actions: ReflectorAction[]): void {
    this.#deferring = false;
    actions.push({ type: 'stop-timer', peer: SPEAKER_TIMER, timer: 'selection-deferral' });
    actions.push({ type: 'log', text: `route selection deferral ended: ${why}` });
    for (const destination of this.#dirty) this.locRib.decide(destination);
    this.#dirty.clear();
    for (const destination of this.locRib.destinations()) this.#offer(destination);
    for (const peer of this.#peers.values()) {
      for (const family of peer.session?.groups.keys() ?? [])
        this.#endOfRibDue.push({ peer: peer.config.address, family });
    }
  }

  /** Decision process for every touched prefix, then the update groups learn the outcome. */
  #settle(): void {
    if (this.#dirty.size === 0) return;
    for (const destination of this.#dirty) {
      this.locRib.decide(destination);
      // Deferred (RFC 4724 §4.1): best paths are known for inspection, nothing is advertised.
      if (!this.#deferring) this.#offer(destination);
    }
    this.#dirty.clear();
  }

  /** The update groups of the destination's address family learn its current state. */
  #offer(destination: Destination): void {
    for (const group of this.#groups.values()) {
      if (group.policy.family >>> 8 === destination.prefix.afi) group.update(destination);
    }
  }
}
