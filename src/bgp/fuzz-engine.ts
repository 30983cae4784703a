/**
 * Mutation fuzzer for the decoder (and, fed with the decoded outcomes, the session FSM): seeded,
 * time-bounded, mutating valid messages by bit flips, truncation, length-field edits and splices.
 * Shared by `bench/fuzz.ts` (long runs) and `fuzz.test.ts` (a short run in CI).
 */
import { decodeMessage, encodeMessage } from './codec/message-codec.js';
import { MessageFramer } from './codec/framer.js';
import { packAnnouncements, encodeEndOfRib } from './codec/update-packer.js';
import { parsePrefix } from './codec/prefix.js';
import { DEFAULT_CODEC_CONTEXT, familyKey, type CodecContext, type Message } from './codec/messages.js';
import type { DecodeResult } from './codec/errors.js';
import { fsmConfig, initialSession, transition, type FsmEvent, type FsmSession } from './fsm/index.js';

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ibgp4: CodecContext = {
  fourOctetAs: true,
  addPathReceive: new Set([familyKey(1, 1), familyKey(2, 1)]),
  addPathSend: new Set([familyKey(1, 1), familyKey(2, 1)]),
  extendedMessage: false,
  peerType: 'internal',
};
export const FUZZ_CONTEXTS: readonly CodecContext[] = [
  DEFAULT_CODEC_CONTEXT,
  ibgp4,
  { ...DEFAULT_CODEC_CONTEXT, peerType: 'external' },
  { ...ibgp4, extendedMessage: true, addPathReceive: new Set(), addPathSend: new Set() },
];

/** Valid messages exercising every message type, capability and attribute the codec knows. */
export function seedCorpus(): Uint8Array[] {
  const messages: Message[] = [
    { type: 'keepalive' },
    { type: 'notification', code: 6, subcode: 2, data: Uint8Array.of(11, ...Buffer.from('maintenance')) },
    { type: 'route-refresh', afi: 1, safi: 1, subtype: 1 },
    {
      type: 'open',
      version: 4,
      myAs: 23456,
      holdTime: 240,
      bgpId: 0x7f00000b,
      capabilities: [
        { kind: 'multiprotocol', afi: 1, safi: 1 },
        { kind: 'multiprotocol', afi: 2, safi: 1 },
        { kind: 'route-refresh' },
        { kind: 'extended-message' },
        {
          kind: 'graceful-restart',
          restarting: true,
          notification: true,
          restartTimeSeconds: 120,
          families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
        },
        { kind: 'four-octet-as', asn: 4200000001 },
        { kind: 'add-path', families: [{ afi: 1, safi: 1, sendReceive: 3 }] },
        { kind: 'enhanced-route-refresh' },
        {
          kind: 'long-lived-graceful-restart',
          families: [{ afi: 1, safi: 1, flags: 0x80, staleTimeSeconds: 3600 }],
        },
        { kind: 'fqdn', hostname: 'node-1', domainName: 'cluster.local' },
        { kind: 'unknown', code: 0xee, value: Uint8Array.of(1, 2, 3) },
      ],
    },
  ];
  const corpus = messages.map((m) => encodeMessage(m, DEFAULT_CODEC_CONTEXT));
  corpus.push(
    encodeMessage(
      { ...(messages[3] as Message & { type: 'open' }), extendedParameters: true },
      DEFAULT_CODEC_CONTEXT,
    ),
  );
  for (const context of FUZZ_CONTEXTS) {
    const attributes = {
      origin: 0 as const,
      asPath: [
        { type: 2, asns: [65001, 4200000001] },
        { type: 1, asns: [65002, 65003] },
      ],
      nextHop: 0x0a000001,
      med: 10,
      localPref: 2147482623,
      atomicAggregate: true,
      aggregator: { asn: 4200000002, address: 0x0a000002 },
      communities: [0xffffff02, 0xfde80064],
      originatorId: 0x0a000003,
      clusterList: [0xf4000001, 0xf4000002],
      extendedCommunities: [Uint8Array.of(0, 2, 0xfd, 0xe8, 0, 0, 0, 1)],
      largeCommunities: [{ globalAdmin: 64512, localData1: 1, localData2: 2 }],
      unknown: [{ flags: 0xc0, type: 0xfe, value: Uint8Array.of(9, 9) }],
    };
    const v4 = Array.from({ length: 12 }, (_, i) => parsePrefix(`10.65.${i}.0/26`, i));
    const v6 = Array.from({ length: 6 }, (_, i) => parsePrefix(`fd00:10:${i}::/122`, i));
    corpus.push(...packAnnouncements({ afi: 1, safi: 1, attributes, nlri: v4 }, context));
    corpus.push(
      ...packAnnouncements(
        {
          afi: 2,
          safi: 1,
          attributes: { ...attributes, nextHop: undefined },
          nextHop: new Uint8Array(32).fill(0xfe),
          nlri: v6,
        },
        context,
      ),
    );
    corpus.push(
      encodeMessage(
        {
          type: 'update',
          withdrawn: v4.slice(0, 4),
          attributes: {},
          mpUnreach: { afi: 2, safi: 1, withdrawn: v6 },
          nlri: [],
        },
        context,
      ),
    );
  }
  corpus.push(encodeEndOfRib(1, 1), encodeEndOfRib(2, 1));
  return corpus;
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** One mutated message: 1–3 mutations of a seed (bit flips, truncation, length edits, splices, inserts). */
export function mutate(random: () => number, corpus: readonly Uint8Array[]): Uint8Array {
  let bytes = pick(random, corpus).slice();
  const rounds = 1 + Math.floor(random() * 3);
  for (let round = 0; round < rounds; round++) {
    const kind = Math.floor(random() * 7);
    const at = Math.floor(random() * Math.max(1, bytes.length));
    switch (kind) {
      case 0: // bit flips
        for (let i = 0, n = 1 + Math.floor(random() * 4); i < n && bytes.length > 0; i++) {
          const index = Math.floor(random() * bytes.length);
          bytes[index] = (bytes[index] ?? 0) ^ (1 << Math.floor(random() * 8));
        }
        break;
      case 1: // truncation, keeping the header's length honest half of the time
        bytes = bytes.slice(0, at);
        if (random() < 0.5 && bytes.length >= 18) {
          bytes[16] = bytes.length >>> 8;
          bytes[17] = bytes.length & 0xff;
        }
        break;
      case 2: // header length field
        if (bytes.length >= 18) {
          const value = Math.floor(random() * 0x10000);
          bytes[16] = value >>> 8;
          bytes[17] = value & 0xff;
        }
        break;
      case 3: // an inner length octet (withdrawn/attribute/NLRI/capability lengths) set to an edge value
        if (bytes.length > 19) {
          const index = 19 + Math.floor(random() * (bytes.length - 19));
          bytes[index] =
            pick(random, [
              0,
              1,
              2,
              3,
              4,
              5,
              0x7f,
              0x80,
              0xff,
              (bytes[index] ?? 0) + 1,
              (bytes[index] ?? 0) - 1,
            ]) & 0xff;
        }
        break;
      case 4: {
        // splice: our head, another message's tail
        const other = pick(random, corpus);
        const from = Math.floor(random() * other.length);
        const joined = new Uint8Array(at + other.length - from);
        joined.set(bytes.subarray(0, at));
        joined.set(other.subarray(from), at);
        bytes = joined;
        if (random() < 0.7 && bytes.length >= 18) {
          bytes[16] = bytes.length >>> 8;
          bytes[17] = bytes.length & 0xff;
        }
        break;
      }
      case 5: {
        // random bytes inserted
        const count = 1 + Math.floor(random() * 8);
        const grown = new Uint8Array(bytes.length + count);
        grown.set(bytes.subarray(0, at));
        for (let i = 0; i < count; i++) grown[at + i] = Math.floor(random() * 256);
        grown.set(bytes.subarray(at), at + count);
        bytes = grown;
        if (bytes.length >= 18) {
          bytes[16] = bytes.length >>> 8;
          bytes[17] = bytes.length & 0xff;
        }
        break;
      }
      default: // random byte
        if (bytes.length > 0) bytes[at] = Math.floor(random() * 256);
    }
  }
  return bytes;
}

const OUTCOMES = new Set(['none', 'attribute-discard', 'treat-as-withdraw', 'session-reset']);

/** Whether a decode result has one of the defined shapes. */
export function validOutcome(result: DecodeResult): boolean {
  if (!OUTCOMES.has(result.action)) return false;
  if (result.action === 'session-reset')
    return result.notification.type === 'notification' && result.errors.length > 0;
  if (result.action === 'none') return result.errors.length === 0 && result.message !== undefined;
  return result.errors.length > 0 && result.message !== undefined;
}

/** The FSM event a decode result becomes (what the transport does with it). */
function toFsmEvent(result: DecodeResult): FsmEvent {
  if (result.action === 'session-reset') {
    const n = result.notification;
    if (n.code === 1) return { type: 'BGPHeaderErr', notification: n };
    if (n.code === 2) return { type: 'BGPOpenMsgErr', notification: n };
    return { type: 'UpdateMsgErr', notification: n };
  }
  const message = result.message;
  switch (message.type) {
    case 'open':
      return { type: 'BGPOpen', open: message };
    case 'update':
      return { type: 'UpdateMsg', update: message, treatAsWithdraw: result.action === 'treat-as-withdraw' };
    case 'notification':
      return message.code === 2 && message.subcode === 1
        ? { type: 'NotifMsgVerErr', notification: message }
        : { type: 'NotifMsg', notification: message };
    case 'keepalive':
      return { type: 'KeepAliveMsg' };
    case 'route-refresh':
      return { type: 'RouteRefreshMsg', refresh: message };
  }
}

export interface FuzzOptions {
  readonly messages: number;
  readonly seed: number;
  /** Stop early after this many seconds. */
  readonly seconds?: number;
  /** A single decode slower than this counts as a hang. */
  readonly perMessageBudgetMs?: number;
  readonly withFsm?: boolean;
}

export interface FuzzReport {
  readonly messages: number;
  readonly crashes: number;
  readonly hangs: number;
  readonly seconds: number;
  readonly outcomes: Record<string, number>;
  readonly firstFailure?: { readonly kind: string; readonly hex: string; readonly detail: string };
}

export function runFuzz(options: FuzzOptions): FuzzReport {
  const random = seededRandom(options.seed);
  const corpus = seedCorpus();
  const budget = options.perMessageBudgetMs ?? 50;
  const deadline = options.seconds === undefined ? Infinity : performance.now() + options.seconds * 1000;
  const outcomes: Record<string, number> = {
    none: 0,
    'attribute-discard': 0,
    'treat-as-withdraw': 0,
    'session-reset': 0,
  };
  let crashes = 0;
  let hangs = 0;
  let firstFailure: FuzzReport['firstFailure'];
  const config = fsmConfig({ localAs: 64512, peerAs: 64512, routerId: 0x0a000063 }, { random });
  let session: FsmSession = initialSession();
  const started = performance.now();
  let count = 0;
  for (; count < options.messages; count++) {
    if ((count & 1023) === 0 && performance.now() > deadline) break;
    const bytes = mutate(random, corpus);
    const context = pick(random, FUZZ_CONTEXTS);
    const before = performance.now();
    try {
      // Every 16th input goes through the framer in random chunks first, as the transport would.
      let inputs: Uint8Array[] = [bytes];
      if ((count & 15) === 0) {
        const framer = new MessageFramer(context);
        inputs = [];
        for (let offset = 0; offset < bytes.length;) {
          const size = 1 + Math.floor(random() * 40);
          const output = framer.push(bytes.subarray(offset, offset + size));
          inputs.push(...output.messages);
          offset += size;
          if (output.error) break;
        }
      }
      for (const input of inputs) {
        const result = decodeMessage(input, context);
        if (!validOutcome(result)) throw new Error(`undefined outcome ${JSON.stringify(result.action)}`);
        outcomes[result.action] = (outcomes[result.action] ?? 0) + 1;
        if (options.withFsm) {
          const step = transition(session, toFsmEvent(result), config);
          session = step.session.state === 'Idle' ? initialSession() : step.session;
        }
      }
    } catch (error) {
      crashes++;
      firstFailure ??= {
        kind: 'crash',
        hex: Buffer.from(bytes).toString('hex'),
        detail: String((error as Error).stack ?? error),
      };
    }
    const elapsed = performance.now() - before;
    if (elapsed > budget) {
      hangs++;
      firstFailure ??= {
        kind: 'hang',
        hex: Buffer.from(bytes).toString('hex'),
        detail: `${elapsed.toFixed(1)} ms`,
      };
    }
  }
  const report: FuzzReport = {
    messages: count,
    crashes,
    hangs,
    seconds: (performance.now() - started) / 1000,
    outcomes,
  };
  return firstFailure ? { ...report, firstFailure } : report;
}
