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
import { encodeEndOfRib } from '../bgp/codec/update-packer.js';
import { encodeMessage } from '../bgp/codec/message-codec.js';
import {
  NotificationCode,
  RouteRefreshSubtype,
  familyKey,
  type CodecContext,
  type FamilyKey,
  type Nlri,
  type PathAttributes,
  type UpdateMessage,
} from '../bgp/codec/messages.js';
import type { DownReason } from '../bgp/fsm/down-reason.js';
import type { NegotiatedContext } from '../bgp/speaker/negotiated-context.js';
import type { ReflectorAction } from './actions.js';
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
import { GracefulRestartHelper } from './graceful-restart-helper.js';
import { ImportPolicy } from './import-policy.js';
import { LocRib, type Destination } from './loc-rib.js';
import { prefixKey } from './prefix-key.js';
import type { LocalIdentity } from './reflection.js';
import { StoredRoute, type Route, type SourcePeer } from './route.js';
import { SelectionDeferral } from './selection-deferral.js';
import { StaleRoutes } from './stale-routes.js';
import { UpdateGroup, groupKey, type GroupPolicy } from './update-group.js';

/** One established session. */
interface Session {
  readonly source: SourcePeer;
  /** What the OPENs agreed, as the speaker negotiated it. */
  readonly negotiated: NegotiatedContext;
  /** The configured families the OPENs agreed on, in configured order. */
  readonly families: readonly FamilyKey[];
  readonly groups: Map<FamilyKey, UpdateGroup>;
  /** Families whose End-of-RIB has arrived (RFC 4724 §2). */
  readonly endOfRibReceived: Set<FamilyKey>;
}

interface PeerRecord {
  readonly config: PeerConfig;
  readonly addressBytes: Uint8Array;
  readonly localAddress: Uint8Array | undefined;
  readonly adjRibIn: AdjRibIn;
  session: Session | undefined;
  /** Routes kept stale across a restart (RFC 4724 §4.2) or a refresh (RFC 7313 §4). */
  readonly stale: StaleRoutes;
  readonly restart: GracefulRestartHelper;
}

function mustParseAddress(text: string, what: string): Uint8Array {
  const bytes = parseAddress(text);
  if (bytes === undefined) throw new Error(`${what}: "${text}" is not an IP address`);
  return bytes;
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
  readonly #import: ImportPolicy;
  /** Destinations touched since the last settle. */
  readonly #dirty = new Set<Destination>();
  /** Peers owed an End-of-RIB per family once the current batch is flushed (RFC 4724 §2). */
  readonly #endOfRibDue: { peer: string; family: FamilyKey }[] = [];
  readonly #deferral: SelectionDeferral;

  constructor(config: ReflectorConfig) {
    this.#config = config;
    this.#local = {
      routerId: config.routerId,
      asn: config.asn,
      // RFC 4456 §7: the CLUSTER_ID defaults to the router's BGP Identifier.
      clusterId: config.clusterId ?? config.routerId,
      clientToClientReflection: config.clientToClientReflection ?? true,
    };
    this.#deferral = new SelectionDeferral(config.selectionDeferralSeconds);
    const ownAddresses: Uint8Array[] = [];
    const staleRoutesSeconds = config.staleRoutesSeconds ?? DEFAULT_STALE_ROUTES_SECONDS;
    for (const peer of config.peers) {
      if (this.#peers.has(peer.address)) throw new Error(`peer ${peer.address} is configured twice`);
      const localAddress =
        peer.localAddress === undefined
          ? undefined
          : mustParseAddress(peer.localAddress, `peer ${peer.address} local address`);
      if (localAddress !== undefined) ownAddresses.push(localAddress);
      const adjRibIn = new AdjRibIn(peer.address, this.locRib);
      const stale = new StaleRoutes(adjRibIn, (family, destination, route) =>
        this.#removeRoute(adjRibIn, family, destination, route),
      );
      this.#peers.set(peer.address, {
        config: peer,
        addressBytes: mustParseAddress(peer.address, 'peer address'),
        localAddress,
        adjRibIn,
        session: undefined,
        stale,
        restart: new GracefulRestartHelper(peer.address, stale, staleRoutesSeconds),
      });
    }
    this.#import = new ImportPolicy(
      this.#local,
      config.defaultLocalPref ?? DEFAULT_LOCAL_PREF,
      ownAddresses,
      config.isNextHopReachable,
    );
  }

  get identity(): LocalIdentity {
    return this.#local;
  }

  /** Route selection is deferred after our own restart (RFC 4724 §4.1): nothing is advertised yet. */
  get deferring(): boolean {
    return this.#deferral.deferring;
  }

  /** What the host must do before the first event: start the Selection_Deferral_Timer when restarting. */
  startActions(): ReflectorAction[] {
    return this.#deferral.startActions();
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
    return this.#peers.get(peer)?.session?.negotiated.codec;
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
      if (this.#deferral.deferring) this.#endDeferral('the selection deferral timer expired', actions);
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
        return this.#peerUp(peer, event.negotiated, actions);
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
        return peer.restart.timerExpired(event.timer, actions);
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

  #peerUp(peer: PeerRecord, negotiated: NegotiatedContext, actions: ReflectorAction[]): void {
    const address = peer.config.address;
    // RFC 4724 §4.2: a new session while we still think the old one is up means the peer restarted.
    if (peer.session !== undefined) this.#peerDown(peer, { kind: 'misc', text: 'Graceful restart' }, actions);

    // Roles come from configuration (RFC 4456 §5), not from the codec's peer type, which only steers
    // how the session decodes (RFC 7606) and follows a Calico local AS override.
    const internal = peer.config.asn === this.#config.asn;
    const { codec } = negotiated;
    const families = peer.config.families
      .map(familyKeyOf)
      .filter((family) => negotiated.families.has(family));
    const session: Session = {
      source: {
        address,
        addressBytes: peer.addressBytes,
        bgpId: negotiated.peerOpen.bgpId,
        asn: negotiated.peerAs,
        internal,
        rrClient: internal && peer.config.rrClient,
      },
      negotiated,
      families,
      groups: new Map(),
      endOfRibReceived: new Set(),
    };
    peer.session = session;
    peer.restart.sessionUp(negotiated.gracefulRestart, actions);

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
        if (!this.#deferral.deferring) {
          for (const destination of this.locRib.destinations()) {
            if (destination.prefix.afi === family >>> 8) group.update(destination);
          }
        }
      } else if (!this.#deferral.deferring) {
        // Joining a group that has content: the members' current view, encoded for this peer alone.
        const messages = group.dump(address);
        if (messages.length > 0) actions.push({ type: 'send', peers: [address], messages });
      }
      group.join(address);
      session.groups.set(family, group);
      if (!this.#deferral.deferring) this.#endOfRibDue.push({ peer: address, family });
    }
    if (this.#deferral.deferring) this.#checkDeferral(actions);
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
    peer.restart.sessionDown(session.negotiated.gracefulRestart, reason, actions);
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
      peer.restart.endOfRib(endOfRib, actions);
      if (this.#deferral.deferring) this.#checkDeferral(actions);
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
      if (treatAsWithdraw || this.#import.loops(update.attributes)) {
        // RFC 7606 §2 treat-as-withdraw; RFC 4456 §8 loops handled as a withdrawal (BIRD's choice).
        for (const prefix of nlri) this.#withdraw(peer, family, prefix);
        continue;
      }
      if (!this.#announce(peer, session, family, nlri, update.attributes, mpNextHop, actions)) return;
    }
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
    const imported = this.#import.imported(peer.config, session.source.internal, received, mpNextHop);
    // One interning per UPDATE: every prefix in it shares the set.
    const set = this.interner.acquire(imported.attributes, mpNextHop);
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
        imported.ineligible(key),
      );
      this.locRib.put(destination, route, previous);
      peer.adjRibIn.added(family, previous);
      if (previous !== undefined) this.interner.release(previous.attributes);
      this.#dirty.add(destination);
    }
    this.interner.release(set);
    const cease = this.#import.prefixLimitCease(peer.config, family, peer.adjRibIn.count(family));
    if (cease === undefined) return true;
    // No graceful restart keeps the routes of a peer reset for sending too many.
    actions.push({ type: 'reset-session', peer: peer.config.address, notification: cease });
    this.#peerDown(peer, { kind: 'manual', text: 'Maximum number of prefixes reached' }, actions);
    return false;
  }

  #removeRoute(adjRibIn: AdjRibIn, family: FamilyKey, destination: Destination, route: Route): void {
    this.locRib.remove(destination, route);
    this.#dirty.add(destination);
    adjRibIn.removed(family);
    this.interner.release(route.attributes);
  }

  /** RFC 4271 §3.1: a withdrawal of a path we do not hold is ignored (RFC 7911 §5 for Path Identifiers). */
  #withdraw(peer: PeerRecord, family: FamilyKey, nlri: Nlri): void {
    const destination = this.locRib.get(prefixKey(nlri));
    const route = destination?.pathFrom(peer.config.address, nlri.pathId);
    if (destination !== undefined && route !== undefined)
      this.#removeRoute(peer.adjRibIn, family, destination, route);
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
        if (session.negotiated.enhancedRouteRefresh) {
          // RFC 7313 §4: the re-advertisement is framed by BoRR and EoRR.
          const marker = (subtype: number): Uint8Array =>
            encodeMessage({ type: 'route-refresh', afi, safi, subtype }, session.negotiated.codec);
          messages.unshift(marker(RouteRefreshSubtype.BeginOfRouteRefresh));
          messages.push(marker(RouteRefreshSubtype.EndOfRouteRefresh));
        }
        if (messages.length > 0) actions.push({ type: 'send', peers: [address], messages });
        return;
      }
      case RouteRefreshSubtype.BeginOfRouteRefresh:
        // RFC 7313 §4: ignored before the peer's End-of-RIB on a graceful-restart session (H3).
        if (session.negotiated.gracefulRestart !== undefined && !session.endOfRibReceived.has(family)) return;
        peer.stale.mark(family);
        return;
      case RouteRefreshSubtype.EndOfRouteRefresh:
        // RFC 7313 §4: what was not re-advertised between BoRR and EoRR is gone.
        peer.stale.sweep(family);
        return;
      default:
        // RFC 7313 §5: an unknown subtype is ignored.
        return;
    }
  }

  /** RFC 4724 §4.1: the deferral ends once every peer it waits for has sent End-of-RIB. */
  #checkDeferral(actions: ReflectorAction[]): void {
    if (SelectionDeferral.everyPeerDone(Array.from(this.#peers.values(), (peer) => peer.session)))
      this.#endDeferral('End-of-RIB received from every peer', actions);
  }

  /** The deferred selection runs: every group learns the whole Loc-RIB, then every peer gets End-of-RIB. */
  #endDeferral(why: string, actions: ReflectorAction[]): void {
    this.#deferral.end(why, actions);
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
      if (!this.#deferral.deferring) this.#offer(destination);
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
