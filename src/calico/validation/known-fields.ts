/**
 * Strict decoding: calicoctl decodes each document with its YAML wrapper's `UnmarshalStrict`, so a
 * field that Calico's v3 API types do not declare (`peerIp` for `peerIP`, `spec.nodeSelector`
 * indented under `metadata`) rejects the document instead of being silently dropped — a dropped
 * `peerIp` would otherwise turn a BGPPeer into one that peers with nothing.
 *
 * The shapes below are the JSON field names of the v3 API types rrlab's datastore holds. `status`
 * and object metadata that Kubernetes manages are accepted as they are: calicoctl ignores them on
 * apply, and rejecting them would refuse `calicoctl get -o yaml` output fed back in.
 */
import { findFieldLine } from '../yaml.js';
import { asRecord } from './field-access.js';
import type { IssueCollector } from './issue-collector.js';

type Shape =
  | { readonly type: 'value' }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, Shape>> }
  | { readonly type: 'list'; readonly of: Shape };

const VALUE: Shape = { type: 'value' };
const object = (fields: Record<string, Shape>): Shape => ({ type: 'object', fields });
const list = (of: Shape): Shape => ({ type: 'list', of });
const values = (...names: string[]): Record<string, Shape> =>
  Object.fromEntries(names.map((name) => [name, VALUE]));

const SECRET_PASSWORD = object({ secretKeyRef: object(values('name', 'key', 'optional')) });
const CIDR_LIST = list(object(values('cidr')));

const OBJECT_META = object(
  values(
    'name',
    'namespace',
    'generateName',
    'selfLink',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'labels',
    'annotations',
    'ownerReferences',
    'finalizers',
    'managedFields',
  ),
);

const BGP_FILTER_RULE = object({
  ...values('cidr', 'matchOperator', 'source', 'interface', 'action', 'peerType', 'priority', 'asPathPrefix'),
  prefixLength: object(values('min', 'max')),
  communities: object(values('values')),
  operations: list(
    object({
      addCommunity: object(values('value')),
      prependASPath: object(values('prefix')),
      setPriority: object(values('value')),
    }),
  ),
});

const SPEC_OF_KIND: Readonly<Record<string, Shape>> = {
  Node: object({
    bgp: object(
      values('asNumber', 'ipv4Address', 'ipv6Address', 'ipv4IPIPTunnelAddr', 'routeReflectorClusterID'),
    ),
    ...values('ipv4VXLANTunnelAddr', 'ipv6VXLANTunnelAddr', 'vxlanTunnelMACAddr', 'vxlanTunnelMACAddrV6'),
    addresses: list(object(values('address', 'type'))),
    orchRefs: list(object(values('nodeName', 'orchestrator'))),
    wireguard: object(values('interfaceIPv4Address', 'interfaceIPv6Address')),
  }),
  BGPPeer: object({
    ...values(
      'node',
      'nodeSelector',
      'peerIP',
      'peerSelector',
      'asNumber',
      'localASNumber',
      'keepOriginalNextHop',
      'nextHopMode',
      'sourceAddress',
      'maxRestartTime',
      'keepaliveTime',
      'numAllowedLocalASNumbers',
      'ttlSecurity',
      'reachableBy',
      'filters',
      'localWorkloadSelector',
      'reversePeering',
    ),
    password: SECRET_PASSWORD,
  }),
  BGPConfiguration: object({
    ...values(
      'logSeverityScreen',
      'nodeToNodeMeshEnabled',
      'asNumber',
      'serviceLoadBalancerAggregation',
      'listenPort',
      'nodeMeshMaxRestartTime',
      'bindMode',
      'ignoredInterfaces',
      'localWorkloadPeeringIPV4',
      'localWorkloadPeeringIPV6',
      'programClusterRoutes',
      'ipv4NormalRoutePriority',
      'ipv6NormalRoutePriority',
    ),
    serviceClusterIPs: CIDR_LIST,
    serviceExternalIPs: CIDR_LIST,
    serviceLoadBalancerIPs: CIDR_LIST,
    communities: list(object(values('name', 'value'))),
    prefixAdvertisements: list(object(values('cidr', 'communities'))),
    nodeMeshPassword: SECRET_PASSWORD,
  }),
  IPPool: object({
    ...values(
      'cidr',
      'vxlanMode',
      'ipipMode',
      'natOutgoing',
      'disabled',
      'disableBGPExport',
      'blockSize',
      'nodeSelector',
      'namespaceSelector',
      'allowedUses',
      'assignmentMode',
      // Deprecated v1 spellings: known to the decoder, refused by the validator's mustBeNil/False.
      'nat-outgoing',
    ),
    ipip: object(values('enabled', 'mode')),
  }),
  BGPFilter: object({
    exportV4: list(BGP_FILTER_RULE),
    importV4: list(BGP_FILTER_RULE),
    exportV6: list(BGP_FILTER_RULE),
    importV6: list(BGP_FILTER_RULE),
  }),
};

type Path = (string | number)[];

function unknownFields(value: unknown, shape: Shape, path: Path, found: Path[]): void {
  if (shape.type === 'value' || value === null || value === undefined) return;
  if (shape.type === 'list') {
    if (Array.isArray(value)) value.forEach((item, i) => unknownFields(item, shape.of, [...path, i], found));
    return;
  }
  const record = asRecord(value);
  if (!record) return;
  for (const [key, child] of Object.entries(record)) {
    const known = shape.fields[key];
    if (known === undefined) found.push([...path, key]);
    else unknownFields(child, known, [...path, key], found);
  }
}

/** The go-yaml wrapper's wording: one field, or the first four and how many more. */
function strictDecodingReason(names: readonly string[]): string {
  const shown = names.slice(0, 4).join(', ');
  const more = names.length > 4 ? ` (+ ${names.length - 4} more)` : '';
  return names.length === 1
    ? `error parsing document: field in document is not recognized or is in the wrong location: ${shown}`
    : `error parsing document: fields in document are not recognized or are in the wrong location: ${shown}${more}`;
}

/**
 * Rejects a document of a supported kind that holds a field its API type does not declare; true
 * when the document decodes.
 */
export function validateKnownFields(issues: IssueCollector): boolean {
  const spec = SPEC_OF_KIND[issues.doc.kind];
  if (spec === undefined) return true;
  const documentShape = object({
    ...values('apiVersion', 'kind', 'status'),
    metadata: OBJECT_META,
    spec,
  });
  const found: Path[] = [];
  unknownFields(issues.doc.object, documentShape, [], found);
  if (found.length === 0) return true;
  const names = found.map((path) => String(path[path.length - 1]));
  const where = found.map((path) => {
    const line = findFieldLine(issues.doc, path);
    return `${path.join('.')}${line === undefined ? '' : ` at line ${line}`}`;
  });
  issues.undecodable(found[0]!, strictDecodingReason(names), where.join(', '));
  return false;
}
