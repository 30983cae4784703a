/**
 * The value helpers the BGP model uses, gathered in one place: AS numbers and IPs come from
 * `../values.js` (Go `net` parsing rules), CIDRs from src/net, scalar-to-string conversion from `../yaml.js`.
 */
export { canonicalIp, parseAsNumber, parseIp } from '../values.js';
export { formatCidr, parseCidr } from '../../net/index.js';
export { goString } from '../yaml.js';
