/**
 * What a scripted peer records: one JSON object per event, with a wall-clock timestamp in
 * milliseconds (`t`) and a monotonic one (`mono`) for intervals.
 */
import { formatPrefix } from '../codec/prefix.js';
import type { Nlri, UpdateMessage } from '../codec/messages.js';
import { formatIp, formatIpv4Number } from '../../net/index.js';

interface RecordBase {
  readonly t: number;
  readonly mono: number;
  readonly session: number;
  readonly localAddress: string;
}

export interface UpdateRecord extends RecordBase {
  readonly event: 'update';
  /** `10.65.1.0/26`, or `10.65.1.0/26#7` with an ADD-PATH Path Identifier (RFC 7911). */
  readonly announced: string[];
  readonly withdrawn: string[];
  /** RFC 4724 §2: an UPDATE with nothing in it (or only an empty MP_UNREACH_NLRI). */
  readonly endOfRib: boolean;
  readonly treatAsWithdraw: boolean;
  readonly attributes: Record<string, unknown>;
}

export type RecordLine =
  | UpdateRecord
  | (RecordBase & {
      readonly event: 'state';
      readonly from: string;
      readonly to: string;
      readonly reason?: string;
    })
  | (RecordBase & {
      readonly event: 'route-refresh';
      readonly afi: number;
      readonly safi: number;
      readonly subtype: number;
    })
  | (RecordBase & {
      readonly event: 'sent';
      readonly announced: number;
      readonly withdrawn: number;
      readonly messages: number;
    });

function prefixText(nlri: Nlri): string {
  return nlri.pathId === 0 ? formatPrefix(nlri) : `${formatPrefix(nlri)}#${nlri.pathId}`;
}

/** Attributes as JSON-friendly values (dotted quads, `a:b` communities). */
export function attributesForRecord(update: UpdateMessage): Record<string, unknown> {
  const a = update.attributes;
  const out: Record<string, unknown> = {};
  if (a.origin !== undefined) out['origin'] = ['igp', 'egp', 'incomplete'][a.origin];
  if (a.asPath !== undefined)
    out['asPath'] = a.asPath.map((segment) => ({ type: segment.type, asns: segment.asns }));
  if (a.nextHop !== undefined) out['nextHop'] = formatIpv4Number(a.nextHop);
  if (update.mpReach !== undefined) out['mpNextHop'] = formatIp(update.mpReach.nextHop.subarray(0, 16));
  if (a.med !== undefined) out['med'] = a.med;
  if (a.localPref !== undefined) out['localPref'] = a.localPref;
  if (a.communities !== undefined) out['communities'] = a.communities.map((c) => `${c >>> 16}:${c & 0xffff}`);
  if (a.largeCommunities !== undefined) {
    out['largeCommunities'] = a.largeCommunities.map(
      (c) => `${c.globalAdmin}:${c.localData1}:${c.localData2}`,
    );
  }
  if (a.originatorId !== undefined) out['originatorId'] = formatIpv4Number(a.originatorId);
  if (a.clusterList !== undefined) out['clusterList'] = a.clusterList.map(formatIpv4Number);
  if (a.unknown !== undefined && a.unknown.length > 0) {
    out['unknown'] = a.unknown.map((raw) => ({ type: raw.type, flags: raw.flags }));
  }
  return out;
}

export function updateRecord(
  base: RecordBase,
  update: UpdateMessage,
  treatAsWithdraw: boolean,
): UpdateRecord {
  const announced = [...update.nlri, ...(update.mpReach?.nlri ?? [])].map(prefixText);
  const withdrawn = [...update.withdrawn, ...(update.mpUnreach?.withdrawn ?? [])].map(prefixText);
  const hasAttributes = Object.keys(update.attributes).length > 0;
  const endOfRib =
    announced.length === 0 &&
    withdrawn.length === 0 &&
    update.mpReach === undefined &&
    (update.mpUnreach === undefined || (!hasAttributes && update.mpUnreach.withdrawn.length === 0)) &&
    !hasAttributes;
  return {
    ...base,
    event: 'update',
    // RFC 7606 §2: treat-as-withdraw turns every NLRI into a withdrawal.
    announced: treatAsWithdraw ? [] : announced,
    withdrawn: treatAsWithdraw ? [...withdrawn, ...announced] : withdrawn,
    endOfRib,
    treatAsWithdraw,
    attributes: attributesForRecord(update),
  };
}
