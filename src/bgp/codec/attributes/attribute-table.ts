/**
 * One row per path attribute this codec understands, indexed by type code (BIRD's `bgp_attr_table`).
 * Rows with a `field` map to a `PathAttributes` field; MP_REACH/MP_UNREACH and AS4_PATH/AS4_AGGREGATOR
 * are handled by the UPDATE codec itself because they carry NLRI or must be merged (RFC 4760, RFC 6793).
 */
import type { PathAttributes } from '../messages.js';
import type { AttributeCodec } from './attribute-codec.js';
import { as4AggregatorCodec, aggregatorCodec, atomicAggregateCodec } from './aggregation.js';
import { as4PathCodec, asPathCodec } from './as-path.js';
import { communitiesCodec, extendedCommunitiesCodec, largeCommunitiesCodec } from './communities.js';
import { localPrefCodec, medCodec } from './metrics.js';
import { mpReachCodec, mpUnreachCodec } from './multiprotocol.js';
import { nextHopCodec } from './next-hop.js';
import { originCodec } from './origin.js';
import { clusterListCodec, originatorIdCodec } from './reflection.js';

export type AttributeField = Exclude<keyof PathAttributes, 'unknown'>;

export interface AttributeEntry {
  readonly codec: AttributeCodec<unknown>;
  /** Where the decoded value lives in `PathAttributes`; absent for the attributes the UPDATE codec handles. */
  readonly field?: AttributeField;
}

/** The attributes stored in `PathAttributes`, in ascending type order (the order they are encoded in). */
export const fieldAttributes: readonly (AttributeEntry & { readonly field: AttributeField })[] = [
  { codec: originCodec, field: 'origin' },
  { codec: asPathCodec, field: 'asPath' },
  { codec: nextHopCodec, field: 'nextHop' },
  { codec: medCodec, field: 'med' },
  { codec: localPrefCodec, field: 'localPref' },
  { codec: atomicAggregateCodec, field: 'atomicAggregate' },
  { codec: aggregatorCodec, field: 'aggregator' },
  { codec: communitiesCodec, field: 'communities' },
  { codec: originatorIdCodec, field: 'originatorId' },
  { codec: clusterListCodec, field: 'clusterList' },
  { codec: extendedCommunitiesCodec, field: 'extendedCommunities' },
  { codec: largeCommunitiesCodec, field: 'largeCommunities' },
];

const rows: AttributeEntry[] = [
  ...fieldAttributes,
  { codec: mpReachCodec },
  { codec: mpUnreachCodec },
  { codec: as4PathCodec },
  { codec: as4AggregatorCodec },
];

/** Indexed by type code; undefined for attributes kept raw. */
export const attributeTable: readonly (AttributeEntry | undefined)[] = (() => {
  const table = new Array<AttributeEntry | undefined>(256).fill(undefined);
  for (const row of rows) table[row.codec.type] = row;
  return table;
})();

/** The RFC name of an attribute type (`ORIGINATOR_ID`), or `attribute 254` when not in the table. */
export function attributeName(type: number): string {
  return attributeTable[type]?.codec.name ?? `attribute ${type}`;
}
