/**
 * `rrlab render --node NAME -f resources.yaml [-f more.yaml…] [--out DIR]`: validates the resources
 * as calicoctl would, computes NAME's BGP intent and writes the six files confd would write
 * (default folder `./rrlab-render/<node>`), then prints NAME's peers. Invalid input prints the
 * validation message, writes nothing and returns 2. `CALICO_ROUTER_ID` is honoured as on calico/node.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  BIRD_FILE_NAMES,
  CalicoDatastore,
  CalicoYamlError,
  loadCalicoYaml,
  renderBirdConfigFromIntent,
  UnknownNodeError,
  ValidationError,
  type CalicoDocument,
  type NodeIntent,
  type PeerIntent,
} from '../calico/index.js';

const USAGE = 'usage: rrlab render --node NAME -f resources.yaml [-f more.yaml…] [--out DIR]\n';

/** How this node relates to a peer, in route-reflection terms (RFC 4456). */
export function peerRole(peer: PeerIntent, ownClusterId: string | undefined): string {
  if (!peer.internal) return 'eBGP';
  if (peer.routeReflectorClient) return 'rr client (we reflect to it)';
  if (peer.peerClusterId !== undefined) {
    return peer.peerClusterId === ownClusterId
      ? `reflector, same cluster ${peer.peerClusterId}`
      : `route reflector ${peer.peerClusterId}`;
  }
  return peer.scope === 'mesh' ? 'iBGP mesh' : 'iBGP';
}

function readAll(files: readonly string[]): CalicoDocument[] {
  return files.flatMap((file) => loadCalicoYaml(readFileSync(file, 'utf8'), file));
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export async function renderCommand(argv: string[]): Promise<number> {
  let values: { node?: string; file?: string[]; out?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        node: { type: 'string' },
        file: { type: 'string', short: 'f', multiple: true },
        out: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const nodeName = values.node;
  const files = values.file ?? [];
  if (nodeName === undefined || files.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }

  let documents: CalicoDocument[];
  try {
    documents = readAll(files);
  } catch (error) {
    if (error instanceof CalicoYamlError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
  const routerId = process.env.CALICO_ROUTER_ID;
  const datastore = new CalicoDatastore({ env: routerId === undefined ? {} : { routerId } });
  let intent: NodeIntent;
  try {
    for (const warning of datastore.apply(documents)) process.stderr.write(`warning: ${warning}\n`);
    intent = datastore.intent(nodeName);
  } catch (error) {
    if (!(error instanceof ValidationError || error instanceof UnknownNodeError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const rendered = renderBirdConfigFromIntent(datastore.state, intent);
  const outDir = values.out ?? path.join('rrlab-render', nodeName);
  mkdirSync(outDir, { recursive: true });
  for (const name of BIRD_FILE_NAMES) writeFileSync(path.join(outDir, name), rendered[name]);

  const peers = [...intent.ipv4.peers, ...intent.ipv6.peers];
  const reflector =
    intent.routeReflectorClusterId === undefined ? '' : `, route reflector ${intent.routeReflectorClusterId}`;
  process.stdout.write(
    `${nodeName}: router id ${intent.routerId || '(none)'}, AS ${intent.asNumber}${reflector}; wrote ${BIRD_FILE_NAMES.length} files to ${outDir}\n`,
  );
  if (peers.length === 0) {
    process.stdout.write('no BGP peers\n');
    return 0;
  }
  const rows = [['PEER', 'ADDRESS', 'AS', 'TYPE', 'ROLE']];
  for (const peer of peers) {
    const address = peer.port === undefined ? peer.address : `${peer.address} port ${peer.port}`;
    const node = peer.peerNodeName === undefined ? '' : ` (${peer.peerNodeName})`;
    rows.push([
      peer.name,
      `${address}${node}`,
      String(peer.asNumber),
      peer.peerType ?? 'local workload',
      peerRole(peer, intent.routeReflectorClusterId),
    ]);
  }
  process.stdout.write(table(rows));
  return 0;
}
