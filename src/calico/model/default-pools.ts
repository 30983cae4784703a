import type { IpPoolResource } from './resources.js';

/**
 * The IPv4 pool calico/node creates when the cluster has none and CALICO_IPV4POOL_CIDR is unset:
 * 192.168.0.0/16, no encapsulation (rrlab's nodes share one L2 network), NAT outgoing.
 */
export const DEFAULT_IPV4_POOL: IpPoolResource = {
  name: 'default-ipv4-ippool',
  cidr: '192.168.0.0/16',
  family: 4,
  ipipMode: 'Never',
  vxlanMode: 'Never',
  natOutgoing: true,
  disabled: false,
  disableBGPExport: false,
  nodeSelector: 'all()',
};
