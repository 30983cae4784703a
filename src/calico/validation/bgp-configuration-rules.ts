/**
 * BGPConfiguration checks: libcalico-go `validateBGPConfigurationSpec`, the field tags, and
 * clientv3's `ValidateDefaultOnlyFields`.
 */
import { cidrOrIpFamily } from './address-forms.js';
import { checkAsNumber, checkEnum, checkPort } from './common-rules.js';
import { asRecord, isSet, specOf, stringField } from './field-access.js';
import type { IssueCollector } from './issue-collector.js';
import { isCalicoName } from './metadata-rules.js';

/**
 * Fields only `default` may set (clientv3 `ValidateDefaultOnlyFields`), with the spelling Calico
 * uses in each reason (`nodeToNodeMeshEnabled` is lower-case there, the others are Go names).
 */
const DEFAULT_ONLY_FIELDS: readonly (readonly [yamlField: string, calicoName: string, listField: boolean])[] =
  [
    ['nodeToNodeMeshEnabled', 'nodeToNodeMeshEnabled', false],
    ['asNumber', 'ASNumber', false],
    ['serviceExternalIPs', 'ServiceExternalIPs', true],
    ['serviceClusterIPs', 'ServiceClusterIPs', true],
    ['serviceLoadBalancerIPs', 'ServiceLoadBalancerIPs', true],
    ['nodeMeshPassword', 'NodeMeshPassword', false],
    ['nodeMeshMaxRestartTime', 'NodeMeshMaxRestartTime', false],
  ];

const STANDARD_COMMUNITY = /^(\d+):(\d+)$/;
const LARGE_COMMUNITY = /^(\d+):(\d+):(\d+)$/;

export function validateBgpConfiguration(issues: IssueCollector): void {
  const doc = issues.doc;
  const spec = specOf(doc.object);
  const at = (...path: (string | number)[]): (string | number)[] => ['spec', ...path];

  // Only `default` and `node.<nodename>` have any effect: confd reads those two keys and ignores
  // every other BGPConfiguration. Calico stores such a resource silently; rrlab refuses it so a
  // typo cannot look like a setting that was applied.
  if (
    doc.name !== '' &&
    doc.name !== 'default' &&
    !(doc.name.startsWith('node.') && isCalicoName(doc.name.slice(5)))
  ) {
    issues.field(
      ['metadata', 'name'],
      'Metadata.Name',
      doc.name,
      "BGPConfiguration name must be 'default' or 'node.<node name>'; Calico ignores any other name",
    );
  }

  if (doc.name !== 'default') {
    for (const [yamlField, calicoName, listField] of DEFAULT_ONLY_FIELDS) {
      const value = spec[yamlField];
      const present = listField ? Array.isArray(value) && value.length > 0 : isSet(spec, yamlField);
      if (present) {
        issues.field(
          at(yamlField),
          `BGPConfiguration.Spec.${calicoName.charAt(0).toUpperCase()}${calicoName.slice(1)}`,
          undefined,
          `Cannot set ${calicoName} on a non default BGP Configuration.`,
        );
      }
    }
  }

  checkAsNumber(issues, at('asNumber'), 'ASNumber', spec.asNumber);
  checkPort(issues, at('listenPort'), 'ListenPort', spec.listenPort);
  const logSeverity = stringField(spec, 'logSeverityScreen');
  if (logSeverity !== '' && !/^(Trace|Debug|Info|Warning|Error|Fatal)$/.test(logSeverity)) {
    issues.tag(at('logSeverityScreen'), 'LogSeverityScreen', logSeverity, 'logLevel');
  }
  checkEnum(issues, at('bindMode'), 'BindMode', spec.bindMode, ['None', 'NodeIP']);
  const ignored = Array.isArray(spec.ignoredInterfaces) ? spec.ignoredInterfaces : [];
  ignored.forEach((name: unknown, i: number) => {
    const text = String(name);
    if (text === '*' || !/^[a-zA-Z0-9_.*-]{1,15}$/.test(text)) {
      issues.tag(at('ignoredInterfaces', i), 'IgnoredInterfaces[' + i + ']', text, 'ignoredInterface');
    }
  });

  const communities = Array.isArray(spec.communities) ? spec.communities.map((c) => asRecord(c) ?? {}) : [];
  communities.forEach((community, i) => {
    const value = stringField(community, 'value');
    if (!isValidCommunity(value)) {
      issues.field(
        at('communities', i, 'value'),
        'Spec.Communities[].Value',
        value,
        'invalid community value or format used.',
      );
    }
  });
  const advertisements = Array.isArray(spec.prefixAdvertisements)
    ? spec.prefixAdvertisements.map((a) => asRecord(a) ?? {})
    : [];
  if (advertisements.length === 0 && communities.length > 0) {
    issues.field(
      at('communities'),
      'Spec.Communities[]',
      communities,
      'communities are defined but not used in Spec.PrefixAdvertisement[].',
    );
  }
  const definedNames = new Set(communities.map((c) => stringField(c, 'name')));
  advertisements.forEach((advertisement, i) => {
    const cidr = stringField(advertisement, 'cidr');
    if (cidrOrIpFamily(cidr) === undefined) {
      issues.field(
        at('prefixAdvertisements', i, 'cidr'),
        'Spec.PrefixAdvertisement[].CIDR',
        cidr,
        'invalid CIDR value.',
      );
    }
    const used = Array.isArray(advertisement.communities) ? advertisement.communities : [];
    used.forEach((community: unknown, j: number) => {
      const text = String(community);
      if (!isValidCommunity(text) && !definedNames.has(text)) {
        issues.field(
          at('prefixAdvertisements', i, 'communities', j),
          'Spec.PrefixAdvertisement[].Communities[]',
          text,
          'community used is invalid or not defined.',
        );
      }
    });
  });

  // The mesh password and restart time only apply to mesh sessions.
  if (spec.nodeToNodeMeshEnabled === false) {
    if (isSet(spec, 'nodeMeshPassword')) {
      issues.field(
        at('nodeMeshPassword'),
        'Spec.NodeMeshPassword',
        undefined,
        'spec.NodeMeshPassword cannot be set if spec.NodeToNodeMesh is disabled',
      );
    }
    if (isSet(spec, 'nodeMeshMaxRestartTime')) {
      issues.field(
        at('nodeMeshMaxRestartTime'),
        'Spec.NodeMeshMaxRestartTime',
        undefined,
        'spec.NodeMeshMaxRestartTime cannot be set if spec.NodeToNodeMesh is disabled',
      );
    }
  }
}

/** Standard communities `aa:nn` have 16-bit parts (RFC 1997); large ones `aa:nn:mm` 32-bit (RFC 8092). */
export function isValidCommunity(value: string): boolean {
  const standard = STANDARD_COMMUNITY.exec(value);
  if (standard) return standard.slice(1).every((part) => Number(part) <= 0xffff);
  const large = LARGE_COMMUNITY.exec(value);
  if (large) return large.slice(1).every((part) => Number(part) <= 0xffffffff);
  return false;
}
