import { containerRuntime } from '../runtime/shared.js';
import { imageTag } from '../images/catalog.js';
import type { BgpSessionView, RouteView } from '../observe/views.js';
import { HandConfiguredNode } from './hand-configured-node.js';
import type { NodeDiagnostics } from './lab-node.js';

export const GOBGP_CONFIG = 'gobgpd.toml';

export class GobgpConfigRejectedError extends Error {
  override name = 'GobgpConfigRejectedError';
}

/** GoBGP's api.Peer as `gobgp neighbor -j` prints it (protojson of gobgp.proto v3), the parts read here. */
export interface GobgpPeerJson {
  conf?: { neighbor_address?: string; peer_asn?: number; local_asn?: number };
  state?: {
    neighbor_address?: string;
    peer_asn?: number;
    /** api.PeerState.SessionState: 1 IDLE … 6 ESTABLISHED. */
    session_state?: number;
    router_id?: string;
    /** Capabilities as google.protobuf.Any: `type_url` names the kind, `value` is base64 protobuf. */
    local_cap?: { type_url: string; value?: string }[];
    remote_cap?: { type_url: string; value?: string }[];
    messages?: { received?: Record<string, number>; sent?: Record<string, number> };
  };
  timers?: { state?: { negotiated_hold_time?: number } };
}

/** BIRD's names for api.PeerState.SessionState, so views read the same for every kind. */
const SESSION_STATES = ['Unknown', 'Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];

interface GobgpAttributeJson {
  type: number;
  value?: unknown;
  nexthop?: string;
  as_paths?: { segment_type: number; asns?: number[] }[];
  communities?: number[];
  metric?: number;
}

interface GobgpPathJson {
  best?: boolean;
  attrs?: GobgpAttributeJson[];
  'source-id'?: string;
  'neighbor-ip'?: string;
  source_id?: string;
  neighbor_ip?: string;
}

const ORIGINS = ['IGP', 'EGP', 'Incomplete'];

function formatAsPathSegments(segments: { segment_type: number; asns?: number[] }[]): string {
  return segments
    .map((s) => (s.segment_type === 1 ? `{${(s.asns ?? []).join(' ')}}` : (s.asns ?? []).join(' ')))
    .filter((s) => s !== '')
    .join(' ');
}

/** `gobgp global rib -a <family> -j`: `{ "10.0.0.0/24": [path, …] }`. */
export function gobgpRouteViews(node: string, json: string): RouteView[] {
  const trimmed = json.trim();
  if (trimmed === '' || trimmed === 'null') return [];
  const parsed = JSON.parse(trimmed) as Record<string, GobgpPathJson[]>;
  const views: RouteView[] = [];
  for (const [prefix, paths] of Object.entries(parsed)) {
    for (const path of paths) {
      const attrs = new Map((path.attrs ?? []).map((a) => [a.type, a]));
      const peer = path['neighbor-ip'] ?? path.neighbor_ip;
      // Locally originated paths (`gobgp global rib add`) carry no neighbor address, or `<nil>`.
      const learned = peer !== undefined && peer !== '' && peer !== '<nil>';
      const clusterList = attrs.get(10)?.value as string[] | undefined;
      views.push({
        node,
        prefix,
        protocol: learned ? peer : 'local',
        source: learned ? 'BGP' : 'static',
        primary: path.best === true,
        bgp: learned
          ? {
              origin: ORIGINS[Number(attrs.get(1)?.value ?? -1)],
              asPath: formatAsPathSegments(attrs.get(2)?.as_paths ?? []),
              nextHop: attrs.get(3)?.nexthop ?? attrs.get(14)?.nexthop,
              localPref: attrs.get(5)?.value as number | undefined,
              med: attrs.get(4)?.metric,
              originatorId: attrs.get(9)?.value as string | undefined,
              clusterList,
              communities: (attrs.get(8)?.communities ?? []).map((c) => `(${c >>> 16},${c & 0xffff})`),
            }
          : undefined,
      });
    }
  }
  return views;
}

/** Routes to originate with `gobgp global rib add`. */
export interface GobgpAnnouncement {
  prefix: string;
  /** Required for IPv6 over an IPv4 session (e.g. `::ffff:10.1.2.3`); GoBGP's own choice otherwise. */
  nextHop?: string;
}

const SEPARATOR = '--rrlab-separator--';

/**
 * A GoBGP 3.10 router (Debian's `gobgpd`), an interop peer and a benchmark baseline. rrlab supplies
 * `[global.config]` (the AS and the lab address as router ID); the scenario supplies the rest of the
 * TOML (`[[neighbors]]`, policies). GoBGP reports over gRPC only, so rrlab asks its own `gobgp` client in
 * the container, one `docker exec` per observation with every command of it batched into that script
 * (~125 ms each): no exec per item, and none in a polling loop tighter than the caller's.
 */
export class GobgpRouter extends HandConfiguredNode {
  protected readonly configFile = GOBGP_CONFIG;
  readonly kind = 'gobgp-router' as const;

  protected header(): string[] {
    return [
      `# rrlab: GoBGP router "${this.name}" in AS ${this.asNumber}`,
      '[global.config]',
      `  as = ${this.asNumber}`,
      `  router-id = "${this.address}"`,
      "# --- the scenario's configuration ---",
    ];
  }

  containerOptions() {
    return {
      Image: imageTag('gobgp'),
      WorkingDir: '/run/rrlab',
      capAdd: ['NET_ADMIN', 'NET_RAW'],
    };
  }

  /** Run gobgp client commands in one exec; their outputs, in order. */
  async gobgp(commands: readonly string[]): Promise<string[]> {
    const script = commands.map((c) => `gobgp ${c}; echo '${SEPARATOR}'`).join('\n');
    const { exitCode, output } = await containerRuntime().exec(this.startedContainer(), script);
    const parts = output.split(`${SEPARATOR}\n`);
    parts.pop();
    if (exitCode !== 0 || parts.length !== commands.length) {
      throw new Error(`gobgp on "${this.name}" failed (exit ${exitCode}): ${output.trim()}`);
    }
    return parts;
  }

  async waitReady(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (await exited()) {
        const text = await logs();
        throw new GobgpConfigRejectedError(
          `gobgpd on "${this.name}" exited: ${text.trim().split('\n').slice(-3).join('\n')}`,
        );
      }
      const text = await logs();
      if (/level=(fatal|error).*(config|Config)/.test(text)) {
        throw new GobgpConfigRejectedError(
          `gobgpd rejected the configuration of "${this.name}":\n${text.trim()}`,
        );
      }
      // "Finished reading the config file" comes after the peers are added: the API answers by then.
      if (text.includes('Finished reading the config file')) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`gobgpd on "${this.name}" did not read its config within 30 s\n${await logs()}`);
  }

  /** Originate routes, all in one exec. */
  async announce(routes: readonly GobgpAnnouncement[]): Promise<void> {
    await this.gobgp(
      routes.map(
        (r) =>
          `global rib add -a ${r.prefix.includes(':') ? 'ipv6' : 'ipv4'} ${r.prefix}` +
          (r.nextHop ? ` nexthop ${r.nextHop}` : ''),
      ),
    );
  }

  async peers(): Promise<GobgpPeerJson[]> {
    const [json] = await this.gobgp(['neighbor -j']);
    return JSON.parse(json ?? '[]') as GobgpPeerJson[];
  }

  protected async observeSessions(): Promise<BgpSessionView[]> {
    return (await this.peers()).map((peer) => {
      const address = peer.state?.neighbor_address ?? peer.conf?.neighbor_address ?? '';
      return {
        node: this.name,
        protocol: address,
        neighborAddress: address,
        neighborAs: peer.state?.peer_asn ?? peer.conf?.peer_asn,
        state: SESSION_STATES[peer.state?.session_state ?? 0] ?? 'Unknown',
        info: '',
      };
    });
  }

  protected async observeRoutes(): Promise<RouteView[]> {
    const [v4, v6] = await this.gobgp(['global rib -a ipv4 -j', 'global rib -a ipv6 -j']);
    return [...gobgpRouteViews(this.name, v4 ?? ''), ...gobgpRouteViews(this.name, v6 ?? '')];
  }

  async diagnostics(): Promise<NodeDiagnostics> {
    if (!this.answering || !this.started) return { sections: [{ title: 'gobgpd', text: 'not running' }] };
    const commands = ['neighbor', 'global rib -a ipv4', 'global rib -a ipv6'];
    try {
      const outputs = await this.gobgp(commands);
      return { sections: commands.map((c, i) => ({ title: `gobgp ${c}`, text: outputs[i] ?? '' })) };
    } catch (error) {
      return { sections: [{ title: 'gobgp', text: String(error) }] };
    }
  }

  async reattach(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void> {
    await this.waitReady(logs, exited);
  }

  async close(): Promise<void> {
    // Nothing held open: every query is its own exec.
  }
}
