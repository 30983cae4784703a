/**
 * calicoctl-shaped validation of a document set before anything reaches the datastore.
 *
 * The set is all-or-nothing: when `validateDocuments` returns any issue, the caller applies none
 * of the documents (`assertValidDocuments` throws a `ValidationError` listing every issue). That
 * is stricter than calicoctl, which applies documents one by one and stops at the first failure,
 * and it keeps a scenario's datastore in a state the scenario actually described.
 */
import type { CalicoDocument } from '../yaml.js';
import { validateBgpConfiguration } from './bgp-configuration-rules.js';
import { validateBgpFilter } from './bgp-filter-rules.js';
import { validateBgpPeer } from './bgp-peer-rules.js';
import { specOf } from './field-access.js';
import { IssueCollector } from './issue-collector.js';
import { poolFromDocument, validateIpPool, type ExistingIPPool } from './ip-pool-rules.js';
import { validateKnownFields } from './known-fields.js';
import { validateMetadata } from './metadata-rules.js';
import { validateNode } from './node-rules.js';
import { ValidationError } from './validation-error.js';
import type { ValidationIssue } from './validation-issue.js';

export const CALICO_API_VERSION = 'projectcalico.org/v3';

const KIND_RULES: Readonly<Record<string, ((issues: IssueCollector) => void) | undefined>> = {
  Node: validateNode,
  BGPPeer: validateBgpPeer,
  BGPConfiguration: validateBgpConfiguration,
  BGPFilter: validateBgpFilter,
};

/**
 * Kubernetes kinds Calico reads beside its own (service advertisement, BGP passwords): kubectl's to
 * apply, not calicoctl's to judge, so a document set may carry them unchecked.
 */
export const KUBERNETES_KINDS: ReadonlySet<string> = new Set(['Service', 'EndpointSlice', 'Secret']);

/** The kinds rrlab's datastore holds (IPPool is checked separately, against other pools). */
export const SUPPORTED_KINDS: readonly string[] = [...Object.keys(KIND_RULES), 'IPPool'];

/**
 * Every issue in the set, in document order. An empty result means the whole set may be applied;
 * otherwise none of it may. `existingPools` are the pools already applied, for the overlap and
 * immutability rules.
 */
export function validateDocuments(
  docs: readonly CalicoDocument[],
  existingPools: readonly ExistingIPPool[] = [],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const knownPools: ExistingIPPool[] = [...existingPools];
  for (const doc of docs) {
    if (KUBERNETES_KINDS.has(doc.kind)) continue;
    const collector = new IssueCollector(doc);
    const rules = KIND_RULES[doc.kind];
    if (rules === undefined && doc.kind !== 'IPPool') {
      // calicoctl's wording for a kind it does not know.
      collector.document('Kind', `resource type '${doc.kind}' is not supported`);
    } else if (doc.apiVersion !== CALICO_API_VERSION) {
      collector.document(
        'APIVersion',
        `apiVersion '${doc.apiVersion}' is not supported for kind ${doc.kind}; use ${CALICO_API_VERSION}`,
      );
    } else if (!validateKnownFields(collector)) {
      // calicoctl stops at a document its strict decoder refuses: no rule sees it.
    } else {
      validateMetadata(collector);
      if (doc.kind === 'IPPool') {
        validateIpPool(collector, knownPools);
        const pool = poolFromDocument(doc.name, specOf(doc.object));
        if (pool && collector.issues.length === 0) {
          const sameName = knownPools.findIndex((p) => p.name === pool.name);
          if (sameName >= 0) knownPools.splice(sameName, 1, pool);
          else knownPools.push(pool);
        }
      } else {
        rules?.(collector);
      }
    }
    issues.push(...collector.issues);
  }
  return issues;
}

/** Throws a `ValidationError` naming every issue when the set may not be applied. */
export function assertValidDocuments(
  docs: readonly CalicoDocument[],
  existingPools: readonly ExistingIPPool[] = [],
): void {
  const issues = validateDocuments(docs, existingPools);
  if (issues.length > 0) throw new ValidationError(issues, docs.length);
}
