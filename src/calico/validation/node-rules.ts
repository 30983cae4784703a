/** Node checks: libcalico-go `validateNodeSpec` and the NodeBGPSpec field tags. */
import { parseIp } from '../values.js';
import { cidrOrIpFamily } from './address-forms.js';
import { checkAsNumber } from './common-rules.js';
import { asRecord, isSet, specOf, stringField } from './field-access.js';
import type { IssueCollector } from './issue-collector.js';

export function validateNode(issues: IssueCollector): void {
  const spec = specOf(issues.doc.object);
  if (!isSet(spec, 'bgp')) return;
  const bgp = asRecord(spec.bgp) ?? {};
  const path = ['spec', 'bgp'];
  if (Object.values(bgp).every((v) => v === undefined || v === null || v === '')) {
    issues.field(path, 'BGP', bgp, 'Spec.BGP should not be empty');
    return;
  }
  checkAsNumber(issues, [...path, 'asNumber'], 'ASNumber', bgp.asNumber);

  const ipv4Address = stringField(bgp, 'ipv4Address');
  if (ipv4Address !== '' && cidrOrIpFamily(ipv4Address) !== 4) {
    issues.tag([...path, 'ipv4Address'], 'IPv4Address', ipv4Address, 'cidrv4');
  }
  const ipv6Address = stringField(bgp, 'ipv6Address');
  if (ipv6Address !== '' && cidrOrIpFamily(ipv6Address) !== 6) {
    issues.tag([...path, 'ipv6Address'], 'IPv6Address', ipv6Address, 'cidrv6');
  }
  const tunnel = stringField(bgp, 'ipv4IPIPTunnelAddr');
  if (tunnel !== '' && parseIp(tunnel)?.family !== 4) {
    issues.tag([...path, 'ipv4IPIPTunnelAddr'], 'IPv4IPIPTunnelAddr', tunnel, 'ipv4');
  }
  // `routeReflectorClusterID` has the `ipv4` tag: net.ParseIP(s).To4() != nil, so any dotted quad
  // (multicast and broadcast included) is accepted, and `300.34.3.1` or `abcdef` are not.
  const clusterId = stringField(bgp, 'routeReflectorClusterID');
  if (clusterId !== '' && parseIp(clusterId)?.family !== 4) {
    issues.tag([...path, 'routeReflectorClusterID'], 'RouteReflectorClusterID', clusterId, 'ipv4');
  }
}
