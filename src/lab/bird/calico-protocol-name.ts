import { isIPv4, isIPv6 } from 'node:net';

import type { BirdProtocolRow } from './protocol-row.js';

/** Which Calico peering a BIRD protocol stands for, by its name's prefix (confd's naming). */
export type CalicoPeerKind = 'mesh' | 'node' | 'global' | 'local-workload';

/** The `PEER TYPE` column of `calicoctl node status`; `Local_Workload_` peers are not listed there. */
export type CalicoPeerType = 'node-to-node mesh' | 'node specific' | 'global';

export interface CalicoProtocolName {
  readonly kind: CalicoPeerKind;
  readonly peerType: CalicoPeerType | undefined;
  /** The peer address recovered from the name, or undefined when the tail is not an address. */
  readonly address: string | undefined;
  readonly family: 4 | 6 | undefined;
  /** From a `_port_<n>` suffix. */
  readonly port: number | undefined;
  /** The name without its kind prefix, e.g. `10_0_0_1_port_500`. */
  readonly tail: string;
}

const NAME = /^(Mesh|Node|Global|Local_Workload)_(.+)$/;
const PORT_SUFFIX = /^(.+?)_port_(\d+)$/;

const KINDS: Readonly<Record<string, CalicoPeerKind>> = {
  Mesh: 'mesh',
  Node: 'node',
  Global: 'global',
  Local_Workload: 'local-workload',
};

const PEER_TYPES: Readonly<Record<CalicoPeerKind, CalicoPeerType | undefined>> = {
  mesh: 'node-to-node mesh',
  node: 'node specific',
  global: 'global',
  'local-workload': undefined,
};

const NAME_PREFIXES: Readonly<Record<CalicoPeerKind, string>> = {
  mesh: 'Mesh',
  node: 'Node',
  global: 'Global',
  'local-workload': 'Local_Workload',
};

/**
 * Reads a Calico protocol name (`Mesh_10_0_0_1`, `Node_10_0_0_2_port_500`, `Global_2001__104`). confd
 * writes the peer IP with `.` or `:` replaced by `_` (so `::` becomes `__`) and appends `_port_<n>` for
 * a non-default port. An IPv4 tail reverses exactly; an IPv6 tail is rebuilt by turning `__` back into
 * `::` and `_` into `:`, and kept only when the result is a valid address. Returns undefined for names
 * that are not Calico's.
 */
export function parseCalicoProtocolName(name: string): CalicoProtocolName | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const kind = KINDS[match[1] ?? ''];
  if (kind === undefined) return undefined;
  const tail = match[2] ?? '';
  const withPort = PORT_SUFFIX.exec(tail);
  const addressPart = withPort?.[1] ?? tail;
  const port = withPort ? Number(withPort[2]) : undefined;
  const v4 = addressPart.replaceAll('_', '.');
  const v6 = addressPart.replaceAll('__', '::').replaceAll('_', ':');
  const [address, family] = isIPv4(v4)
    ? [v4, 4 as const]
    : isIPv6(v6)
      ? [v6, 6 as const]
      : [undefined, undefined];
  return { kind, peerType: PEER_TYPES[kind], address, family, port, tail };
}

/**
 * The name confd gives the protocol for a peer, for matching rows against expected peers rather than
 * reversing names. `address` must already be in canonical form (Go's `net.IP.String()`: lower-case,
 * zeros compressed), as confd formats it.
 */
export function calicoProtocolName(kind: CalicoPeerKind, address: string, port?: number): string {
  const encoded = address.replaceAll('.', '_').replaceAll(':', '_');
  return `${NAME_PREFIXES[kind]}_${encoded}${port === undefined ? '' : `_port_${port}`}`;
}

/** One row of `calicoctl node status`'s table, as calicoctl derives it from `show protocols`. */
export interface CalicoPeerStatus {
  /** As calicoctl prints it: the name's tail with every `_` replaced (`10.192.0.3.port.500` included). */
  readonly peerAddress: string;
  readonly peerType: CalicoPeerType;
  readonly state: string;
  readonly since: string;
  /** The BGP state and error, space-joined as calicoctl joins the remaining columns. */
  readonly info: string;
}

/**
 * What `calicoctl node status` would list for these rows: BGP protocols named `Mesh_`, `Node_` or
 * `Global_` (`Local_Workload_` peers are not shown); the address is the tail with `_` turned into `.`
 * for the IPv4 daemon or `:` for the IPv6 one, exactly as calicoctl does it, port suffix included.
 */
export function calicoNodeStatus(rows: readonly BirdProtocolRow[], family: 4 | 6): CalicoPeerStatus[] {
  const peers: CalicoPeerStatus[] = [];
  for (const row of rows) {
    if (row.proto !== 'BGP') continue;
    const match = /^(Global|Node|Mesh)_(.+)$/.exec(row.name);
    const kind = KINDS[match?.[1] ?? ''];
    const peerType = kind === undefined ? undefined : PEER_TYPES[kind];
    if (!match || peerType === undefined) continue;
    peers.push({
      peerAddress: (match[2] ?? '').replaceAll('_', family === 4 ? '.' : ':'),
      peerType,
      state: row.state,
      since: row.since,
      info: row.info.split(/\s+/).filter(Boolean).join(' '),
    });
  }
  return peers;
}
