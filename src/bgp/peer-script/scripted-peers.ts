/**
 * A scripted multi-session peer for features and benchmarks: N BGP sessions from N source
 * addresses to one target, announcing and withdrawing prefixes on command and recording everything
 * received with timestamps. The in-process API behind `main.ts`.
 */
import { EventEmitter } from 'node:events';
import { AddPathDirection, type Capability } from '../codec/messages.js';
import { parsePrefix } from '../codec/prefix.js';
import { encodeEndOfRib, packAnnouncements, packWithdrawals } from '../codec/update-packer.js';
import { BgpListener } from '../transport/listener.js';
import { defaultCapabilities } from '../speaker/peer-config.js';
import { BgpSession } from '../speaker/session.js';
import type { PeerScriptConfig } from './config.js';
import type { RecordLine } from './record.js';
import { updateRecord } from './record.js';
import { toPathAttributes, type RouteAttributesInput } from './route-attributes.js';

export type SessionSelector = readonly number[] | 'all';

export interface ScriptedPeersEvents {
  record: [line: RecordLine];
}

const ADD_PATH_MODE = {
  receive: AddPathDirection.Receive,
  send: AddPathDirection.Send,
  both: AddPathDirection.Both,
} as const;

export class ScriptedPeers extends EventEmitter<ScriptedPeersEvents> {
  readonly sessions: readonly BgpSession[];
  /** Every record, in order (also emitted as `record`). */
  readonly records: RecordLine[] = [];
  private readonly bgpListeners: BgpListener[] = [];
  private readonly initialDone = new Set<number>();

  constructor(readonly config: PeerScriptConfig) {
    super();
    this.sessions = config.sessions.map((session, index) => {
      const localAs = session.localAs ?? config.localAs;
      const bgp = new BgpSession({
        name: `scripted ${index} (${session.localAddress})`,
        peerAddress: config.target.address,
        peerPort: config.target.port ?? 179,
        localAddress: session.localAddress,
        localAs,
        peerAs: config.target.as,
        routerId: session.routerId,
        capabilities: this.capabilities(localAs),
        ...(config.holdTime !== undefined ? { holdTime: config.holdTime } : {}),
        ...(config.connectRetryTime !== undefined ? { connectRetryTime: config.connectRetryTime } : {}),
        idleHoldTime: 1,
        maxIdleHoldTime: 5,
        passive: config.passive ?? false,
      });
      this.wire(bgp, index, session.localAddress);
      return bgp;
    });
  }

  private capabilities(localAs: number): Capability[] {
    const families = this.config.families ?? [{ afi: 1, safi: 1 }];
    const capabilities = defaultCapabilities(localAs, families);
    if (this.config.gracefulRestartTime !== undefined) {
      capabilities.push({
        kind: 'graceful-restart',
        restarting: false,
        notification: false,
        restartTimeSeconds: this.config.gracefulRestartTime,
        families: [],
      });
    }
    if (this.config.addPath !== undefined) {
      const sendReceive = ADD_PATH_MODE[this.config.addPath];
      capabilities.push({ kind: 'add-path', families: families.map((f) => ({ ...f, sendReceive })) });
    }
    return capabilities;
  }

  private wire(session: BgpSession, index: number, localAddress: string): void {
    const base = (): { t: number; mono: number; session: number; localAddress: string } => ({
      t: Date.now(),
      mono: performance.now(),
      session: index,
      localAddress,
    });
    session.on('state', (change) =>
      this.record({
        ...base(),
        event: 'state',
        from: change.from,
        to: change.to,
        ...(change.reason !== undefined ? { reason: change.reason } : {}),
      }),
    );
    session.on('update', (update, info) => this.record(updateRecord(base(), update, info.treatAsWithdraw)));
    session.on('routeRefresh', (refresh) =>
      this.record({
        ...base(),
        event: 'route-refresh',
        afi: refresh.afi,
        safi: refresh.safi,
        subtype: refresh.subtype,
      }),
    );
    session.on('established', () => {
      if (this.initialDone.has(index)) return;
      this.initialDone.add(index);
      void this.sendInitial(index);
    });
  }

  private record(line: RecordLine): void {
    this.records.push(line);
    this.emit('record', line);
  }

  /** Start every session (and the per-address listeners of a passive run). */
  async start(): Promise<void> {
    if (this.config.passive && this.config.listenPort !== undefined) {
      for (const [index, session] of this.sessions.entries()) {
        const listener = new BgpListener({
          host: this.config.sessions[index]?.localAddress ?? '127.0.0.1',
          port: this.config.listenPort,
        });
        listener.register(this.config.target.address, (socket) => session.acceptIncoming(socket));
        await listener.listen();
        this.bgpListeners.push(listener);
      }
    }
    for (const session of this.sessions) session.start();
  }

  /** Resolves when every selected session is Established. */
  async waitEstablished(timeoutMs: number, selector: SessionSelector = 'all'): Promise<void> {
    await Promise.all(
      this.select(selector).map(({ session }) => session.waitForState('Established', timeoutMs)),
    );
  }

  /**
   * Announce `prefixes` with `attributes` from the selected sessions, packed densely (RFC 4271
   * App. F.1) and encoded once per distinct codec context. Returns the number of UPDATEs sent.
   */
  async announce(
    selector: SessionSelector,
    prefixes: readonly string[],
    attributes: RouteAttributesInput = {},
  ): Promise<number> {
    let messages = 0;
    const byFamily = groupByFamily(prefixes);
    for (const { index, session } of this.select(selector)) {
      const localAddress = this.config.sessions[index]?.localAddress ?? '';
      const internal =
        (this.config.sessions[index]?.localAs ?? this.config.localAs) === this.config.target.as;
      let sessionMessages = 0;
      for (const [afi, nlri] of byFamily) {
        const { attributes: typed, mpNextHop } = toPathAttributes(attributes, afi, localAddress, internal);
        const updates = packAnnouncements(
          {
            afi,
            safi: 1,
            attributes: typed,
            nlri,
            ...(mpNextHop !== undefined ? { nextHop: mpNextHop } : {}),
          },
          session.codecContext,
        );
        sessionMessages += await this.sendAll(session, updates);
      }
      messages += sessionMessages;
      this.sent(index, prefixes.length, 0, sessionMessages);
    }
    return messages;
  }

  /** Withdraw `prefixes` from the selected sessions. Returns the number of UPDATEs sent. */
  async withdraw(selector: SessionSelector, prefixes: readonly string[]): Promise<number> {
    let messages = 0;
    const byFamily = groupByFamily(prefixes);
    for (const { index, session } of this.select(selector)) {
      let sessionMessages = 0;
      for (const [afi, nlri] of byFamily) {
        sessionMessages += await this.sendAll(session, packWithdrawals(afi, 1, nlri, session.codecContext));
      }
      messages += sessionMessages;
      this.sent(index, 0, prefixes.length, sessionMessages);
    }
    return messages;
  }

  /** RFC 4724 §2 End-of-RIB for `afi`/`safi` on the selected sessions. */
  async endOfRib(selector: SessionSelector, afi = 1, safi = 1): Promise<void> {
    for (const { session } of this.select(selector)) await session.sendUpdateAsync(encodeEndOfRib(afi, safi));
  }

  /** RFC 2918 ROUTE-REFRESH from the selected sessions. */
  routeRefresh(selector: SessionSelector, afi = 1, safi = 1): void {
    for (const { session } of this.select(selector)) session.sendRouteRefresh(afi, safi);
  }

  /** Records of received UPDATEs, optionally for one session. */
  updates(session?: number): RecordLine[] {
    return this.records.filter(
      (line) => line.event === 'update' && (session === undefined || line.session === session),
    );
  }

  /** Stop every session with Cease 6/2 (optional RFC 9003 message) and close listeners. */
  async stop(message?: string): Promise<void> {
    await Promise.all(this.sessions.map((session) => session.stop(message)));
    await Promise.all(this.bgpListeners.map((listener) => listener.close()));
  }

  private async sendInitial(index: number): Promise<void> {
    const initial = this.config.announce ?? [];
    for (const item of initial) {
      const selected = item.sessions ?? 'all';
      if (selected !== 'all' && !selected.includes(index)) continue;
      await this.announce([index], item.prefixes, item.attributes ?? {});
    }
    if (this.config.endOfRib !== false) {
      for (const family of this.config.families ?? [{ afi: 1, safi: 1 }])
        await this.endOfRib([index], family.afi, family.safi);
    }
  }

  private async sendAll(session: BgpSession, updates: readonly Uint8Array[]): Promise<number> {
    let sent = 0;
    for (const update of updates) {
      if (!(await session.sendUpdateAsync(update))) {
        throw new Error(
          `${session.name}: session went down (${session.lastError ?? 'no error'}) while sending`,
        );
      }
      sent++;
    }
    return sent;
  }

  private sent(index: number, announced: number, withdrawn: number, messages: number): void {
    this.record({
      t: Date.now(),
      mono: performance.now(),
      session: index,
      localAddress: this.config.sessions[index]?.localAddress ?? '',
      event: 'sent',
      announced,
      withdrawn,
      messages,
    });
  }

  private select(selector: SessionSelector): { index: number; session: BgpSession }[] {
    const indexes = selector === 'all' ? this.sessions.map((_, i) => i) : selector;
    return indexes.map((index) => {
      const session = this.sessions[index];
      if (session === undefined)
        throw new Error(`no scripted session ${index} (have ${this.sessions.length})`);
      return { index, session };
    });
  }
}

function groupByFamily(prefixes: readonly string[]): Map<number, ReturnType<typeof parsePrefix>[]> {
  const byFamily = new Map<number, ReturnType<typeof parsePrefix>[]>();
  for (const text of prefixes) {
    const nlri = parsePrefix(text);
    const list = byFamily.get(nlri.afi) ?? [];
    list.push(nlri);
    byFamily.set(nlri.afi, list);
  }
  return byFamily;
}
