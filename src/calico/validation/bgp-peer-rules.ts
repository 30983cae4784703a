/** BGPPeer checks: libcalico-go `validateBGPPeerSpec`, `validateReachableBy` and the field tags. */
import { parseIp } from '../values.js';
import { parsePeerIp } from './address-forms.js';
import { checkAsNumber, checkEnum, checkSelector } from './common-rules.js';
import { isSet, specOf, stringField } from './field-access.js';
import type { IssueCollector } from './issue-collector.js';
import { isCalicoName } from './metadata-rules.js';

export function validateBgpPeer(issues: IssueCollector): void {
  const spec = specOf(issues.doc.object);
  const at = (field: string): string[] => ['spec', field];
  const node = stringField(spec, 'node');
  const nodeSelector = stringField(spec, 'nodeSelector');
  const peerIp = stringField(spec, 'peerIP');
  const peerSelector = stringField(spec, 'peerSelector');
  const localWorkloadSelector = stringField(spec, 'localWorkloadSelector');
  const reachableBy = stringField(spec, 'reachableBy');

  // Field tags first, as go-playground's validator runs them before the struct-level rules.
  if (node !== '' && !isCalicoName(node)) issues.tag(at('node'), 'Node', node, 'name');
  checkSelector(issues, at('nodeSelector'), 'NodeSelector', spec.nodeSelector);
  checkSelector(issues, at('peerSelector'), 'PeerSelector', spec.peerSelector);
  checkSelector(issues, at('localWorkloadSelector'), 'LocalWorkloadSelector', spec.localWorkloadSelector);
  if (peerIp !== '' && parsePeerIp(peerIp) === undefined)
    issues.tag(at('peerIP'), 'PeerIP', peerIp, 'IP:port');
  const asNumber = checkAsNumber(issues, at('asNumber'), 'ASNumber', spec.asNumber) ?? 0;
  checkAsNumber(issues, at('localASNumber'), 'LocalASNumber', spec.localASNumber);
  const sourceAddress = stringField(spec, 'sourceAddress');
  if (sourceAddress !== '' && !/^(UseNodeIP|None)$/.test(sourceAddress)) {
    issues.tag(at('sourceAddress'), 'SourceAddress', sourceAddress, 'sourceAddress');
  }
  checkEnum(issues, at('nextHopMode'), 'NextHopMode', spec.nextHopMode, ['Auto', 'Self', 'Keep']);
  checkEnum(issues, at('reversePeering'), 'ReversePeering', spec.reversePeering, ['Auto', 'Manual']);

  // Struct-level rules (v3.31 Go validator; master moves the first into CEL with other wording).
  if (node !== '' && nodeSelector !== '') {
    issues.field(at('node'), 'Node', node, 'Node field must be empty when NodeSelector is specified');
  }
  if (peerIp !== '' && peerSelector !== '') {
    issues.field(at('peerIP'), 'PeerIP', peerIp, 'PeerIP field must be empty when PeerSelector is specified');
  }
  // A selector peer takes its remote AS from the selected node (or the global default).
  if (asNumber !== 0 && peerSelector !== '') {
    issues.field(
      at('asNumber'),
      'ASNumber',
      asNumber,
      'ASNumber field must be empty when PeerSelector is specified',
    );
  }
  if (asNumber === 0 && localWorkloadSelector !== '') {
    issues.field(
      at('asNumber'),
      'ASNumber',
      asNumber,
      'ASNumber field must NOT be empty when LocalWorkloadSelector is specified',
    );
  }
  if (peerIp !== '' && localWorkloadSelector !== '') {
    issues.field(
      at('peerIP'),
      'PeerIP',
      peerIp,
      'PeerIP field must be empty when LocalWorkloadSelector is specified',
    );
  }
  if (peerSelector !== '' && localWorkloadSelector !== '') {
    issues.field(
      at('peerSelector'),
      'PeerSelector',
      peerIp,
      'PeerSelector field must be empty when LocalWorkloadSelector is specified',
    );
  }
  const reachableByProblem = reachableByReason(reachableBy, peerIp);
  if (reachableByProblem !== undefined) {
    issues.field(at('reachableBy'), 'ReachableBy', reachableBy, reachableByProblem);
  }
  if (spec.keepOriginalNextHop === true && isSet(spec, 'nextHopMode')) {
    issues.field(
      at('keepOriginalNextHop'),
      'KeepOriginalNextHop',
      peerIp,
      'The KeepOriginalNextHop field is deprecated. It must not be set to true when NextHopMode is configured.',
    );
  }
}

/**
 * `reachableBy` is the gateway of a static route to the peer, so it needs a `peerIP` of the same
 * family. Calico's own text, typo included ("ReachablyBy").
 */
function reachableByReason(reachableBy: string, peerIp: string): string | undefined {
  if (reachableBy === '') return undefined;
  if (peerIp === '') return 'ReachablyBy field must be empty when PeerIP is empty';
  const gateway = parseIp(reachableBy);
  if (!gateway) return 'ReachableBy is invalid address';
  const peer = parsePeerIp(peerIp);
  if (!peer) return 'PeerIP is invalid address';
  const peerAddress = parseIp(peer.ip);
  if (!peerAddress) return 'PeerIP is invalid IP address';
  if (gateway.family !== peerAddress.family) return 'ReachableBy and PeerIP address family mismatched';
  return undefined;
}
