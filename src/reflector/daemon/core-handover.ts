/**
 * Live reconfiguration, the routing state: `ReflectorCore` takes its peer table at construction, so a
 * new peer set means a new core. The routes of the peers that stay are handed over by replaying, into
 * the new core, what the old one holds (holo's replayable events): each kept peer's session comes up
 * with what its OPENs really negotiated, its Adj-RIB-In is re-announced, End-of-RIB marks are restored,
 * and a peer that was restarting goes down again so its routes stay stale (RFC 4724 §4.2).
 *
 * Whatever the replay would send is dropped: the kept peers already have it, because routes of
 * removed peers were withdrawn through the old core first and the decision process is deterministic
 * (same candidates, same best path). The one thing that can differ is the ADD-PATH Path Identifier the
 * new core gives a path (RFC 7911 §2: locally assigned): paths are replayed in the order of their old
 * identifiers so they keep them where no gap was left, and for the paths whose identifier still moved
 * the ADD-PATH receivers get a withdrawal of the old identifier and their group's content again.
 *
 * Not carried: the stale marks of a peer that is up but inside an RFC 7313 refresh or an RFC 4724
 * stale period (its routes count as fresh), and the time already spent on a restart timer.
 */
import { packWithdrawals } from '../../bgp/codec/update-packer.js';
import {
  Safi,
  familyKey,
  type CodecContext,
  type FamilyKey,
  type Nlri,
  type UpdateMessage,
} from '../../bgp/codec/messages.js';
import type { NegotiatedContext } from '../../bgp/speaker/negotiated-context.js';
import type { ReflectorAction } from '../actions.js';
import type { ReflectorConfig } from '../config.js';
import type { ReflectorEvent } from '../events.js';
import { IPV4_UNICAST } from '../family.js';
import { pathKey, withPathId, type KeyedPrefix } from '../prefix-key.js';
import { ReflectorCore } from '../reflector-core.js';
import type { Route } from '../route.js';
import { exportPolicyKey } from '../route-policy.js';
import { nlriOfPathKey } from '../update-group.js';

export interface CarriedPeer {
  readonly address: string;
  /** What the OPENs of its current (or, when restarting, last) session agreed. */
  readonly negotiated: NegotiatedContext;
  /** Established now; false: the session is down and its routes are kept stale. */
  readonly up: boolean;
  readonly endOfRibReceived: ReadonlySet<FamilyKey>;
}

export interface Handover {
  readonly core: ReflectorCore;
  /** Timers, logs and resets the new core asked for while taking over, plus the ADD-PATH resync sends. */
  readonly actions: ReflectorAction[];
  /** Paths whose ADD-PATH identifier changed (what the resync corrected). */
  readonly renumbered: number;
}

interface Held {
  readonly peer: string;
  readonly family: FamilyKey;
  readonly prefix: KeyedPrefix;
  readonly route: Route;
}

function endOfRib(family: FamilyKey): UpdateMessage {
  if (family === IPV4_UNICAST) return { type: 'update', withdrawn: [], attributes: {}, nlri: [] };
  return {
    type: 'update',
    withdrawn: [],
    attributes: {},
    nlri: [],
    mpUnreach: { afi: family >>> 8, safi: family & 0xff, withdrawn: [] },
  };
}

function announcement(family: FamilyKey, routes: readonly Held[]): UpdateMessage {
  const first = (routes[0] as Held).route;
  const nlri = routes.map(({ prefix, route }): Nlri => withPathId(prefix, route.receivedPathId));
  const set = first.attributes;
  if (family === IPV4_UNICAST) return { type: 'update', withdrawn: [], attributes: set.attributes, nlri };
  return {
    type: 'update',
    withdrawn: [],
    attributes: set.attributes,
    nlri: [],
    mpReach: { afi: family >>> 8, safi: family & 0xff, nextHop: set.mpNextHop ?? new Uint8Array(16), nlri },
  };
}

/** Every route the kept peers hold in the old core, in the order of their old Path Identifiers. */
function heldRoutes(old: ReflectorCore, carried: readonly CarriedPeer[]): Held[] {
  const held: Held[] = [];
  const kept = new Set(carried.map((peer) => peer.address));
  // One walk of the Loc-RIB, which holds every peer's Adj-RIB-In, rather than one per peer.
  for (const destination of old.locRib.destinations()) {
    const family = familyKey(destination.afi, Safi.Unicast);
    for (const route of destination.candidates)
      if (kept.has(route.source.address))
        held.push({ peer: route.source.address, family, prefix: destination, route });
  }
  held.sort(
    (a, b) =>
      a.route.localPathId - b.route.localPathId ||
      (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0) ||
      a.family - b.family ||
      (a.route.attributes.key < b.route.attributes.key
        ? -1
        : a.route.attributes.key > b.route.attributes.key
          ? 1
          : 0),
  );
  return held;
}

/** Consecutive routes of one peer, family and attribute set become one UPDATE. */
function replayUpdates(held: readonly Held[]): ReflectorEvent[] {
  const events: ReflectorEvent[] = [];
  let run: Held[] = [];
  const close = (): void => {
    const first = run[0];
    if (first === undefined) return;
    events.push({
      type: 'update',
      peer: first.peer,
      update: announcement(first.family, run),
    });
    run = [];
  };
  for (const entry of held) {
    const first = run[0];
    if (
      first !== undefined &&
      (first.peer !== entry.peer ||
        first.family !== entry.family ||
        first.route.attributes !== entry.route.attributes ||
        run.length >= 500)
    )
      close();
    run.push(entry);
  }
  close();
  return events;
}

export function handOver(
  old: ReflectorCore,
  previous: ReflectorConfig,
  config: ReflectorConfig,
  carried: readonly CarriedPeer[],
): Handover {
  const core = new ReflectorCore(config);
  const events: ReflectorEvent[] = [];
  for (const peer of carried) {
    const hasRoutes = [...(old.adjRibIn(peer.address)?.families() ?? [])].some(
      (family) => (old.adjRibIn(peer.address)?.count(family) ?? 0) > 0,
    );
    if (!peer.up && !hasRoutes) continue;
    events.push({ type: 'peer-up', peer: peer.address, negotiated: peer.negotiated });
  }
  const held = heldRoutes(old, carried);
  events.push(...replayUpdates(held));
  for (const peer of carried) {
    for (const family of peer.endOfRibReceived)
      events.push({ type: 'update', peer: peer.address, update: endOfRib(family) });
    if (!peer.up)
      events.push({
        type: 'peer-down',
        peer: peer.address,
        reason: { kind: 'socket', text: 'Connection lost' },
      });
  }
  // The replay's sends describe what the kept peers already have: only the rest is carried out.
  const actions = core.handleBatch(events).filter((action) => action.type !== 'send');
  const resync = addPathResync(core, held, carried);
  const policy = exportPolicyResync(old, core, previous, config, carried);
  return { core, actions: [...actions, ...resync.actions, ...policy], renumbered: resync.renumbered };
}

/**
 * The kept peers whose routes out may differ under the new policies: those whose export policy
 * changed, or every peer when some peer's import filter changed (what it lets in reaches everyone).
 */
export function peersWithNewPolicy(previous: ReflectorConfig, next: ReflectorConfig): Set<string> {
  const before = new Map(previous.peers.map((peer) => [peer.address, peer]));
  const changed = new Set<string>();
  let importChanged = false;
  for (const peer of next.peers) {
    const was = before.get(peer.address);
    if (was === undefined) continue;
    if (exportPolicyKey(was.exportPolicy) !== exportPolicyKey(peer.exportPolicy)) changed.add(peer.address);
    if (JSON.stringify(was.importFilters ?? []) !== JSON.stringify(peer.importFilters ?? []))
      importChanged = true;
  }
  return importChanged
    ? new Set(next.peers.filter((p) => before.has(p.address)).map((p) => p.address))
    : changed;
}

/**
 * A kept peer whose routes out may differ under new policies (a new pool, a BGPFilter edited) is
 * brought in line as BIRD reloads a protocol whose filters changed, without resetting the session:
 * what it held and no longer gets is withdrawn, and its group's content is sent again. (The replay
 * re-filtered every held route on import, so the new core already reflects the new import filters.)
 */
function exportPolicyResync(
  old: ReflectorCore,
  core: ReflectorCore,
  previous: ReflectorConfig,
  config: ReflectorConfig,
  carried: readonly CarriedPeer[],
): ReflectorAction[] {
  const changed = peersWithNewPolicy(previous, config);
  const actions: ReflectorAction[] = [];
  const groupOf = (of: ReflectorCore, peer: string, family: FamilyKey) =>
    [...of.updateGroups()].find(
      (group) => group.policy.family === family && [...group.members()].includes(peer),
    );
  for (const peer of carried) {
    if (!peer.up || !changed.has(peer.address)) continue;
    const codec = core.codecContext(peer.address);
    if (codec === undefined) continue;
    for (const before of old.updateGroups()) {
      if (![...before.members()].includes(peer.address)) continue;
      const family = before.policy.family;
      const after = groupOf(core, peer.address, family);
      const now = after?.heldBy(peer.address) ?? new Set<string>();
      const gone = [...before.heldBy(peer.address)].filter((key) => !now.has(key)).map(nlriOfPathKey);
      const messages = [
        ...packWithdrawals(family >>> 8, family & 0xff, gone, codec),
        ...(after?.dump(peer.address) ?? []),
      ];
      if (messages.length > 0) actions.push({ type: 'send', peers: [peer.address], messages });
    }
  }
  return actions;
}

/** RFC 7911 §5: withdraw moved identifiers, then send the group's content with the new ones. */
function addPathResync(
  core: ReflectorCore,
  held: readonly Held[],
  carried: readonly CarriedPeer[],
): { actions: ReflectorAction[]; renumbered: number } {
  const moved = new Map<FamilyKey, { source: string; nlri: Nlri }[]>();
  let renumbered = 0;
  for (const { peer, family, prefix, route } of held) {
    const now = core.adjRibIn(peer)?.get(prefix.key, route.receivedPathId);
    if (now === undefined || now.localPathId === route.localPathId) continue;
    renumbered++;
    const list = moved.get(family) ?? [];
    list.push({ source: peer, nlri: withPathId(prefix, route.localPathId) });
    moved.set(family, list);
  }
  const actions: ReflectorAction[] = [];
  if (renumbered === 0) return { actions, renumbered };
  for (const peer of carried) {
    if (!peer.up) continue;
    const codec: CodecContext | undefined = core.codecContext(peer.address);
    if (codec === undefined) continue;
    for (const [family, paths] of moved) {
      if (!codec.addPathSend.has(family)) continue;
      const group = [...core.updateGroups()].find(
        (candidate) => candidate.policy.family === family && [...candidate.members()].includes(peer.address),
      );
      if (group === undefined) continue;
      const withdrawn = paths.filter((path) => path.source !== peer.address).map((path) => path.nlri);
      const messages = [
        ...packWithdrawals(family >>> 8, family & 0xff, dedupe(withdrawn), codec),
        ...group.dump(peer.address),
      ];
      if (messages.length > 0) actions.push({ type: 'send', peers: [peer.address], messages });
    }
  }
  return { actions, renumbered };
}

function dedupe(nlri: readonly Nlri[]): Nlri[] {
  const seen = new Set<string>();
  const out: Nlri[] = [];
  for (const entry of nlri) {
    const key = pathKey(String.fromCharCode(entry.afi, entry.length, ...entry.address), entry.pathId);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out;
}
