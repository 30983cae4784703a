/**
 * The capabilities the reflector offers on a session: those Calico's BIRD 1.6 negotiates with
 * `add paths on; graceful restart;` (requirements §4, "Capabilities offered by a BIRD 1.6.8 client"),
 * one family per session as BIRD's `bird`/`bird6` split makes them.
 */
import { AddPathDirection, Safi, type Capability } from '../../bgp/codec/messages.js';
import { afiOf } from '../family.js';
import type { SessionSettings } from './daemon-config.js';

/** `restarting`: we restarted gracefully and defer selection (RFC 4724 §4.1), which the R bit tells peers. */
export function reflectorCapabilities(session: SessionSettings, restarting = false): Capability[] {
  const afi = afiOf(session.family);
  const safi = Safi.Unicast;
  return [
    // RFC 4760 §8: the one family this session carries.
    { kind: 'multiprotocol', afi, safi },
    // RFC 2918 and RFC 7313: refresh requests, and BoRR/EoRR framing around re-advertisements.
    { kind: 'route-refresh' },
    { kind: 'enhanced-route-refresh' },
    // RFC 4724 §3: helper, End-of-RIB, and restarting speaker. F is set: the reflector is not in the
    // forwarding path (RFC 4456 §11), so the routes it reflected, whose next hops are the clients,
    // stay valid across its restart, and a helper may keep them until our End-of-RIB (§4.2) rather
    // than drop them the moment we reconnect.
    {
      kind: 'graceful-restart',
      restarting,
      notification: false,
      restartTimeSeconds: Math.min(session.gracefulRestartSeconds, 0xfff),
      families: [{ afi, safi, forwardingPreserved: true }],
    },
    // RFC 6793 §4.1.
    { kind: 'four-octet-as', asn: session.localAs },
    // RFC 7911 §4: send and receive, like Calico's `add paths on`.
    { kind: 'add-path', families: [{ afi, safi, sendReceive: AddPathDirection.Both }] },
  ];
}
