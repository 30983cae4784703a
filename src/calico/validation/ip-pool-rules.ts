/**
 * IPPool checks: clientv3 `validateAndSetDefaults` (CIDR, block size, overlap, encapsulation) and
 * the validator's tags. Defaults are applied first, as clientv3 does before validating.
 */
import { cidrsOverlap, formatCidr, parseCidr, type Cidr } from '../../net/index.js';
import { checkSelector } from './common-rules.js';
import { specOf, stringField } from './field-access.js';
import type { IssueCollector } from './issue-collector.js';

/** A pool already in the datastore, as the caller knows it. */
export interface ExistingIPPool {
  name: string;
  cidr: string;
  blockSize?: number;
}

const IPV4_LINK_LOCAL = parseCidr('169.254.0.0/16') as Cidr;
const IPV6_LINK_LOCAL = parseCidr('fe80::/10') as Cidr;

/**
 * Validates one pool against the pools already present: `known` holds the existing pools plus the
 * pools accepted earlier in the same document set (calicoctl applies documents in order).
 */
export function validateIpPool(issues: IssueCollector, known: readonly ExistingIPPool[]): void {
  const doc = issues.doc;
  const spec = specOf(doc.object);
  const at = (field: string): string[] => ['spec', field];
  const cidrText = stringField(spec, 'cidr');
  if (cidrText === '') {
    issues.field(at('cidr'), 'IPPool.Spec.CIDR', undefined, 'IPPool CIDR must be specified');
    return;
  }
  const cidr = parseCidr(cidrText);
  if (!cidr) {
    issues.field(at('cidr'), 'IPPool.Spec.CIDR', cidrText, 'IPPool CIDR must be a valid subnet');
    return;
  }
  const normalised = formatCidr(cidr);
  const ipv4 = cidr.family === 4;
  const blockSizeValue = spec.blockSize;
  const blockSize =
    typeof blockSizeValue === 'number' && blockSizeValue !== 0 ? blockSizeValue : ipv4 ? 26 : 122;

  // Applying a pool whose name exists is an update: its CIDR and block size are immutable.
  const previous = known.find((pool) => pool.name === doc.name);
  if (previous) {
    const previousCidr = parseCidr(previous.cidr);
    if (!previousCidr || formatCidr(previousCidr) !== normalised) {
      issues.field(at('cidr'), 'IPPool.Spec.CIDR', normalised, 'IPPool CIDR cannot be modified');
    }
    if (previous.blockSize !== undefined && previous.blockSize !== blockSize) {
      issues.field(
        at('blockSize'),
        'IPPool.Spec.BlockSize',
        blockSize,
        'IPPool BlockSize cannot be modified',
      );
    }
  }
  if (ipv4 ? blockSize > 32 || blockSize < 20 : blockSize > 128 || blockSize < 116) {
    issues.field(
      at('blockSize'),
      'IPPool.Spec.BlockSize',
      blockSize,
      ipv4 ? 'IPv4 block size must be between 20 and 32' : 'IPv6 block size must be between 116 and 128',
    );
  }
  // Calico IPAM hands out whole blocks, so an enabled pool must hold at least one.
  if (spec.disabled !== true && cidr.prefixLength > blockSize) {
    issues.field(
      at('cidr'),
      'IPPool.Spec.CIDR',
      normalised,
      'IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.',
    );
  }
  if (!previous) {
    for (const other of known) {
      const otherCidr = parseCidr(other.cidr);
      if (otherCidr && cidrsOverlap(otherCidr, cidr)) {
        issues.field(
          at('cidr'),
          'IPPool.Spec.CIDR',
          normalised,
          `IPPool(${doc.name}) CIDR overlaps with IPPool(${other.name}) CIDR ${other.cidr}`,
        );
      }
    }
  }
  const ipipMode = stringField(spec, 'ipipMode') || 'Never';
  const vxlanMode = stringField(spec, 'vxlanMode') || 'Never';
  if (!/^(Always|CrossSubnet|Never)$/.test(ipipMode))
    issues.tag(at('ipipMode'), 'IPIPMode', ipipMode, 'ipIpMode');
  if (!/^(Always|CrossSubnet|Never)$/.test(vxlanMode))
    issues.tag(at('vxlanMode'), 'VXLANMode', vxlanMode, 'vxlanMode');
  if (vxlanMode !== 'Never' && ipipMode !== 'Never') {
    issues.field(
      at('vxlanMode'),
      'IPPool.Spec.VXLANMode',
      vxlanMode,
      'Cannot enable both VXLAN and IPIP on the same IPPool',
    );
  }
  if (!ipv4 && ipipMode !== 'Never') {
    issues.field(
      at('ipipMode'),
      'IPPool.Spec.IPIPMode',
      ipipMode,
      'IPIP is not supported on an IPv6 IP pool',
    );
  }
  if (!cidr.masked) {
    issues.field(at('cidr'), 'IPPool.Spec.CIDR', normalised, 'IPPool CIDR is not strictly masked');
  }
  if (ipv4 && cidrsOverlap(cidr, IPV4_LINK_LOCAL)) {
    issues.field(
      at('cidr'),
      'IPPool.Spec.CIDR',
      normalised,
      'IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16',
    );
  }
  if (!ipv4 && cidrsOverlap(cidr, IPV6_LINK_LOCAL)) {
    issues.field(
      at('cidr'),
      'IPPool.Spec.CIDR',
      normalised,
      'IPPool CIDR overlaps with IPv6 Link Local range fe80::/10',
    );
  }
  if (checkSelector(issues, at('nodeSelector'), 'NodeSelector', spec.nodeSelector)) {
    // global() is meant for namespaceSelector of cluster-scoped policy rules, never for pools.
    if (stringField(spec, 'nodeSelector').includes('global()')) {
      issues.field(
        at('nodeSelector'),
        'IPPool.Spec.NodeSelector',
        stringField(spec, 'nodeSelector'),
        'global() can only be used in an EntityRule namespaceSelector',
      );
    }
  }
}

/** The pool as later documents of the same set see it. */
export function poolFromDocument(name: string, spec: Record<string, unknown>): ExistingIPPool | undefined {
  const cidr = parseCidr(stringField(spec, 'cidr'));
  if (!cidr) return undefined;
  const pool: ExistingIPPool = { name, cidr: formatCidr(cidr) };
  if (typeof spec.blockSize === 'number' && spec.blockSize !== 0) pool.blockSize = spec.blockSize;
  else pool.blockSize = cidr.family === 4 ? 26 : 122;
  return pool;
}
