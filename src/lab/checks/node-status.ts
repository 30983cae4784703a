import { parseCalicoProtocolName } from '../bird/calico-protocol-name.js';
import type { Lab } from '../lab.js';

export interface PeerStatusRow {
  /** The peer's lab node name, or its address when it is not a lab node. */
  peer: string;
  type: string;
  state: string;
}

/** The peer list of `calicoctl node status` for a calico node, peers named as the scenario names them. */
export async function calicoNodeStatus(lab: Lab, nodeName: string): Promise<PeerStatusRow[]> {
  const sessions = await lab.calicoNode(nodeName).sessions();
  const rows: PeerStatusRow[] = [];
  for (const session of sessions) {
    const parsed = parseCalicoProtocolName(session.protocol);
    if (!parsed || parsed.peerType === undefined) continue;
    const address = session.neighborAddress || parsed.address || '';
    rows.push({ peer: lab.nameOfAddress(address) ?? address, type: parsed.peerType, state: session.state });
  }
  return rows;
}
