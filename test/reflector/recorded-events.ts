/**
 * Recorded-event replay (holo's conformance tests): a JSON-lines file of inputs is replayed to the
 * reflector core and each step's output actions, as text lines, are compared with the recorded
 * expectation. Event lines are compact forms of `ReflectorEvent`s (see `toEvent`); an `expect` key on
 * an event line lists the lines its actions must print, in order.
 */
import { readFileSync } from 'node:fs';
import { parseIpv4 } from '../../src/bgp/codec/bytes.js';
import type { PathAttributes } from '../../src/bgp/codec/messages.js';
import type { ReflectorTimer } from '../../src/reflector/actions.js';
import type { PeerConfig } from '../../src/reflector/config.js';
import type { ReflectorEvent } from '../../src/reflector/events.js';
import { ReflectorCore } from '../../src/reflector/reflector-core.js';
import { announce, endOfRib, ip, peerUp, withdraw, type OpenOptions } from './helpers.js';

export interface RecordedStep {
  readonly line: number;
  readonly event: ReflectorEvent;
  readonly expect: readonly string[] | undefined;
}

export interface Recording {
  readonly core: ReflectorCore;
  readonly steps: readonly RecordedStep[];
}

type Json = Record<string, unknown>;

const text = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new Error(`${what}: expected a string, got ${JSON.stringify(value)}`);
  return value;
};

/** `64512:100` → the RFC 1997 32-bit value. */
function community(value: string): number {
  const [high, low] = value.split(':').map(Number);
  return ((high ?? 0) * 65536 + (low ?? 0)) >>> 0;
}

function toEvent(json: Json): ReflectorEvent {
  if ('up' in json) {
    const options: OpenOptions = {
      bgpId: text(json['bgpId'], 'bgpId'),
      ...(typeof json['asn'] === 'number' ? { asn: json['asn'] } : {}),
      ...(typeof json['addPath'] === 'number' ? { addPath: json['addPath'] } : {}),
      ...(json['gr'] !== undefined ? { gracefulRestart: json['gr'] as OpenOptions['gracefulRestart'] } : {}),
    };
    return peerUp(text(json['up'], 'up'), options);
  }
  if ('announce' in json) {
    const attributes: Omit<PathAttributes, 'nextHop'> = {
      ...(typeof json['localPref'] === 'number' ? { localPref: json['localPref'] } : {}),
      ...(Array.isArray(json['communities'])
        ? { communities: (json['communities'] as string[]).map(community) }
        : {}),
      ...(typeof json['originatorId'] === 'string' ? { originatorId: ip(json['originatorId']) } : {}),
      ...(Array.isArray(json['clusterList'])
        ? { clusterList: (json['clusterList'] as string[]).map(ip) }
        : {}),
    };
    return announce(text(json['announce'], 'announce'), json['prefixes'] as string[], {
      nextHop: text(json['nextHop'], 'nextHop'),
      ...attributes,
    });
  }
  if ('withdraw' in json) return withdraw(text(json['withdraw'], 'withdraw'), json['prefixes'] as string[]);
  if ('eor' in json) return endOfRib(text(json['eor'], 'eor'));
  if ('down' in json) {
    return {
      type: 'peer-down',
      peer: text(json['down'], 'down'),
      reason: { kind: 'socket', text: 'Connection closed' },
    };
  }
  if ('timer' in json) {
    return {
      type: 'timer-expired',
      peer: text(json['timer'], 'timer'),
      timer: text(json['name'], 'name') as ReflectorTimer,
    };
  }
  throw new Error(`unknown recorded event ${JSON.stringify(json)}`);
}

export function loadRecording(path: URL): Recording {
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .map((line, index) => ({ line: index + 1, text: line.trim() }))
    .filter((row) => row.text !== '');
  const [first, ...rest] = rows;
  if (first === undefined) throw new Error(`${path.pathname}: empty recording`);
  const config = (JSON.parse(first.text) as { config: Json }).config;
  const core = new ReflectorCore({
    routerId: parseIpv4(text(config['routerId'], 'routerId')) ?? 0,
    asn: config['asn'] as number,
    clusterId: parseIpv4(text(config['clusterId'], 'clusterId')) ?? 0,
    peers: config['peers'] as PeerConfig[],
  });
  const steps = rest.map((row) => {
    const json = JSON.parse(row.text) as Json;
    return { line: row.line, event: toEvent(json), expect: json['expect'] as string[] | undefined };
  });
  return { core, steps };
}
