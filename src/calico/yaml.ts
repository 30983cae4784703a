/**
 * Reads Calico resource manifests the way `calicoctl apply -f` does.
 *
 * calicoctl splits the input into YAML documents, expands `kind: List` (and `kind: <Kind>List`) into
 * their `items`, and decodes each with sigs.k8s.io/yaml on top of go-yaml v2. That stack has three
 * behaviours a YAML 1.2 parser does not share, and Calico's golden files depend on all of them:
 *
 * - YAML 1.1 booleans: `yes`, `no`, `on`, `off`, `y`, `n` (any case form go-yaml lists) are booleans.
 * - No sexagesimal numbers and no timestamps: go-yaml v2 keeps `5663:12` and `2001-12-14` as strings
 *   (golden `mesh/communities` relies on the first).
 * - Scalars decoded into Go `string` fields are re-printed as text by sigs.k8s.io/yaml, so a label
 *   `route-reflector: yes` becomes the string "true" (goldens `next_hop_mode/route_reflectors`,
 *   `reachable_by/route_reflectors`). We apply that coercion to the fields Calico's API types declare
 *   as strings (see `stringFieldsOf`).
 *
 * A value that starts with `!` is a YAML tag. go-yaml v2 drops an unknown tag and keeps the scalar
 * after it, so an unquoted `nodeSelector: !has(x)` becomes an empty selector and the BGPPeer silently
 * turns global (calico issue #2385). We reproduce that and record a warning with the line.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, type Node as YamlNode } from 'yaml';
import type { Tags } from 'yaml';

export interface CalicoDocument {
  /** 0-based position among the documents after List expansion. */
  index: number;
  /** 1-based line where the document (or List item) starts in the text. */
  line: number;
  /** File name when read from a file. */
  source?: string;
  apiVersion: string;
  kind: string;
  /** `metadata.name`, '' if absent. */
  name: string;
  /** The whole document as plain JS data. */
  object: Record<string, unknown>;
  /** Things calicoctl accepts silently but that almost certainly are mistakes (unquoted `!` tags). */
  warnings?: CalicoYamlWarning[];
}

export interface CalicoYamlWarning {
  line: number;
  message: string;
}

/** A YAML syntax error, or a document calicoctl could not decode as a resource. */
export class CalicoYamlError extends Error {
  line?: number;
  source?: string;

  constructor(message: string, line?: number, source?: string) {
    const where =
      source !== undefined ? `${source}:${line ?? '?'}: ` : line !== undefined ? `line ${line}: ` : '';
    super(`${where}${message}`);
    this.name = 'CalicoYamlError';
    this.line = line;
    this.source = source;
  }
}

type PathSegment = string | number;

interface DocumentSyntax {
  node: YamlNode;
  lineCounter: LineCounter;
}

/** The parsed YAML node behind each document, so validation can point at a field's line. */
const syntaxOf = new WeakMap<CalicoDocument, DocumentSyntax>();

/**
 * go-yaml v2 resolves neither base-60 numbers nor timestamps (it keeps timestamps as strings "for
 * backward compatibility"), so those YAML 1.1 tags are removed from the schema.
 */
function goYamlV2Tags(tags: Tags): Tags {
  return tags.filter((tag) => {
    if (typeof tag !== 'object') return true;
    return tag.format !== 'TIME' && tag.tag !== 'tag:yaml.org,2002:timestamp';
  });
}

export function loadCalicoYaml(text: string, source?: string): CalicoDocument[] {
  const lineCounter = new LineCounter();
  const yamlDocs = parseAllDocuments(text, {
    schema: 'yaml-1.1',
    customTags: goYamlV2Tags,
    lineCounter,
    prettyErrors: false,
    // go-yaml v2 (non-strict, as sigs.k8s.io/yaml.Unmarshal uses it) lets a repeated key override.
    uniqueKeys: false,
    merge: true,
  });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const docs: CalicoDocument[] = [];

  for (const yamlDoc of Array.isArray(yamlDocs) ? yamlDocs : [yamlDocs]) {
    const firstError = yamlDoc.errors[0];
    if (firstError) throw new CalicoYamlError(firstError.message, lineAt(firstError.pos[0]), source);
    const contents = yamlDoc.contents;
    // An empty document (only `---` or comments) is skipped, as calicoctl does.
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const warnings: CalicoYamlWarning[] = yamlDoc.warnings
      .filter((w) => w.code === 'TAG_RESOLVE_FAILED')
      .map((w) => ({
        line: lineAt(w.pos[0]),
        message: `${w.message}; go-yaml drops unknown tags, so Calico reads this value as empty (quote values that start with '!')`,
      }));
    const data: unknown = yamlDoc.toJS({ maxAliasCount: 1000 });
    const docLine = lineAt(contents.range?.[0] ?? 0);
    if (!isPlainObject(data)) {
      throw new CalicoYamlError(
        'document is not a mapping (expected apiVersion, kind, metadata, spec)',
        docLine,
        source,
      );
    }
    const kind = typeof data.kind === 'string' ? data.kind : '';
    if (isListKind(kind)) {
      const items = data.items;
      if (items !== undefined && items !== null && !Array.isArray(items)) {
        throw new CalicoYamlError(`${kind} items must be a sequence`, docLine, source);
      }
      const itemNodes = isMap(contents) ? contents.get('items', true) : undefined;
      (items ?? []).forEach((item: unknown, i: number) => {
        const itemNode = isSeq(itemNodes) ? itemNodes.items[i] : undefined;
        const node =
          itemNode && typeof itemNode === 'object' && 'range' in itemNode ? (itemNode as YamlNode) : contents;
        const start = node.range?.[0] ?? 0;
        const end = node.range?.[1] ?? start;
        const line = lineAt(start);
        if (!isPlainObject(item)) {
          throw new CalicoYamlError(`${kind} item ${i} is not a mapping`, line, source);
        }
        const itemWarnings = warnings.filter((w) => w.line >= line && w.line <= lineAt(end));
        docs.push(makeDocument(item, docs.length, line, source, itemWarnings, { node, lineCounter }));
      });
      continue;
    }
    docs.push(makeDocument(data, docs.length, docLine, source, warnings, { node: contents, lineCounter }));
  }
  return docs;
}

/**
 * The 1-based line of a field inside a document, e.g. `['spec', 'nodeSelector']` or
 * `['spec', 'filters', 1]`; undefined when the field is absent or the document was built by hand.
 */
export function findFieldLine(doc: CalicoDocument, path: readonly PathSegment[]): number | undefined {
  const syntax = syntaxOf.get(doc);
  if (!syntax) return undefined;
  let node: unknown = syntax.node;
  let keyNode: unknown;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => (isScalar(p.key) ? String(p.key.value) : p.key) === String(segment),
      );
      if (!pair) return undefined;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      keyNode = undefined;
    } else {
      return undefined;
    }
  }
  const anchor = (keyNode ?? node) as { range?: [number, number, number] } | null | undefined;
  const offset = anchor?.range?.[0];
  return offset === undefined ? undefined : syntax.lineCounter.linePos(offset).line;
}

/** `List` is Kubernetes' generic list; calicoctl also accepts typed lists such as `BGPPeerList`. */
function isListKind(kind: string): boolean {
  return kind === 'List' || (kind.endsWith('List') && kind.length > 'List'.length);
}

function makeDocument(
  object: Record<string, unknown>,
  index: number,
  line: number,
  source: string | undefined,
  warnings: CalicoYamlWarning[],
  syntax: DocumentSyntax,
): CalicoDocument {
  const kind =
    typeof object.kind === 'string' ? object.kind : object.kind === undefined ? '' : goString(object.kind);
  coerceStringFields(object, stringFieldsOf(kind));
  const metadata = object.metadata;
  const name = isPlainObject(metadata) && typeof metadata.name === 'string' ? metadata.name : '';
  const doc: CalicoDocument = {
    index,
    line,
    apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : goString(object.apiVersion ?? ''),
    kind,
    name,
    object,
  };
  if (source !== undefined) doc.source = source;
  if (warnings.length > 0) doc.warnings = warnings;
  syntaxOf.set(doc, syntax);
  return doc;
}

/**
 * Fields that Calico's v3 API types declare as Go strings (or string lists / maps), per kind. A `*`
 * segment stands for every key of a map or every element of a list.
 */
function stringFieldsOf(kind: string): string[] {
  const common = [
    'apiVersion',
    'kind',
    'metadata.name',
    'metadata.namespace',
    'metadata.resourceVersion',
    'metadata.uid',
    'metadata.labels.*',
    'metadata.annotations.*',
  ];
  const perKind: Record<string, string[]> = {
    Node: [
      'spec.bgp.ipv4Address',
      'spec.bgp.ipv6Address',
      'spec.bgp.ipv4IPIPTunnelAddr',
      'spec.bgp.routeReflectorClusterID',
      'spec.ipv4VXLANTunnelAddr',
      'spec.ipv6VXLANTunnelAddr',
      'spec.vxlanTunnelMACAddr',
      'spec.vxlanTunnelMACAddrV6',
      'spec.addresses.*.address',
      'spec.addresses.*.type',
      'spec.wireguard.interfaceIPv4Address',
      'spec.wireguard.interfaceIPv6Address',
    ],
    BGPPeer: [
      'spec.node',
      'spec.nodeSelector',
      'spec.peerIP',
      'spec.peerSelector',
      'spec.sourceAddress',
      'spec.nextHopMode',
      'spec.reachableBy',
      'spec.reversePeering',
      'spec.localWorkloadSelector',
      'spec.filters.*',
      'spec.password.secretKeyRef.name',
      'spec.password.secretKeyRef.key',
    ],
    BGPConfiguration: [
      'spec.logSeverityScreen',
      'spec.bindMode',
      'spec.serviceLoadBalancerAggregation',
      'spec.programClusterRoutes',
      'spec.localWorkloadPeeringIPV4',
      'spec.localWorkloadPeeringIPV6',
      'spec.ignoredInterfaces.*',
      'spec.communities.*.name',
      'spec.communities.*.value',
      'spec.prefixAdvertisements.*.cidr',
      'spec.prefixAdvertisements.*.communities.*',
      'spec.serviceClusterIPs.*.cidr',
      'spec.serviceExternalIPs.*.cidr',
      'spec.serviceLoadBalancerIPs.*.cidr',
      'spec.nodeMeshPassword.secretKeyRef.name',
      'spec.nodeMeshPassword.secretKeyRef.key',
    ],
    IPPool: [
      'spec.cidr',
      'spec.ipipMode',
      'spec.vxlanMode',
      'spec.nodeSelector',
      'spec.namespaceSelector',
      'spec.allowedUses.*',
      'spec.assignmentMode',
    ],
    BGPFilter: ['exportV4', 'importV4', 'exportV6', 'importV6'].flatMap((list) =>
      ['cidr', 'matchOperator', 'source', 'interface', 'action', 'peerType'].map(
        (f) => `spec.${list}.*.${f}`,
      ),
    ),
  };
  return [...common, ...(perKind[kind] ?? [])];
}

function coerceStringFields(object: Record<string, unknown>, paths: string[]): void {
  for (const path of paths) coerceAt(object, path.split('.'));
}

function coerceAt(container: unknown, segments: string[]): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const keys: (string | number)[] = [];
  if (head === '*') {
    if (Array.isArray(container)) container.forEach((_, i) => keys.push(i));
    else if (isPlainObject(container)) keys.push(...Object.keys(container));
  } else if (isPlainObject(container) && Object.hasOwn(container, head)) {
    keys.push(head);
  }
  for (const key of keys) {
    const holder = container as Record<string | number, unknown>;
    if (rest.length > 0) {
      coerceAt(holder[key], rest);
      continue;
    }
    const value = holder[key];
    // JSON null leaves a Go string at its zero value.
    if (value === null) holder[key] = '';
    else if (typeof value === 'boolean' || typeof value === 'number') holder[key] = goString(value);
  }
}

/**
 * How sigs.k8s.io/yaml prints a decoded scalar into a string field: booleans as "true"/"false",
 * integers in decimal, floats with Go's `strconv.FormatFloat(f, 'g', -1, 32)`.
 */
export function goString(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number')
    return Number.isInteger(value) ? value.toFixed(0) : formatFloat32Shortest(value);
  if (typeof value === 'string') return value;
  return String(value);
}

function formatFloat32Shortest(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const target = Math.fround(value);
  let digits = '';
  let exponent = 0;
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Math.abs(target).toExponential(precision - 1);
    if (Math.fround(Number(candidate)) === Math.abs(target)) {
      const [mantissa = '0', exp = '0'] = candidate.split('e');
      digits = mantissa.replace('.', '');
      exponent = Number(exp);
      break;
    }
  }
  digits = digits.replace(/0+$/, '') || '0';
  const sign = target < 0 ? '-' : '';
  // Go's 'g' format with shortest precision uses exponent form when exp < -4 || exp >= 6.
  if (exponent < -4 || exponent >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? '-' : '+';
    const expDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${mantissa}e${expSign}${expDigits}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
