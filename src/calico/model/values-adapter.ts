/**
 * The value helpers the BGP model uses, gathered in one place: AS numbers, IPs and CIDRs come from
 * `../values.js` (Go `net` parsing rules), scalar-to-string conversion from `../yaml.js`.
 */
export { canonicalIp, formatCidr, parseAsNumber, parseCidr, parseIp } from '../values.js';
export { goString } from '../yaml.js';
