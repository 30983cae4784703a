export {
  assertValidDocuments,
  validateDocuments,
  CALICO_API_VERSION,
  SUPPORTED_KINDS,
  KUBERNETES_KINDS,
} from './validate-documents.js';
export { ValidationError } from './validation-error.js';
export type { ValidationIssue } from './validation-issue.js';
export type { ExistingIPPool } from './ip-pool-rules.js';
export { parsePeerIp, type PeerAddress } from './address-forms.js';
export { isValidCommunity } from './bgp-configuration-rules.js';
export { documentWarnings } from './document-warnings.js';
