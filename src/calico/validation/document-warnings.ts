/**
 * What calicoctl accepts but almost certainly is a mistake: a value go-yaml read as empty (an
 * unquoted `!` tag), a resource defined twice in one set (the later silently replaces the earlier,
 * as `calicoctl apply` applies documents in order), and a BGPPeer that names no peer (neither
 * `peerIP`, `peerSelector` nor `localWorkloadSelector`), which configures no session at all.
 */
import type { CalicoDocument } from '../yaml.js';
import { isSet, specOf } from './field-access.js';
import { describeDocument } from './validation-issue.js';

export function documentWarnings(docs: readonly CalicoDocument[]): string[] {
  const warnings: string[] = [];
  const firstOfName = new Map<string, CalicoDocument>();
  for (const doc of docs) {
    for (const warning of doc.warnings ?? []) {
      warnings.push(`${describeDocument(doc, warning.line)}: ${warning.message}`);
    }
    const key = `${doc.kind}/${doc.name}`;
    const first = firstOfName.get(key);
    if (first === undefined) firstOfName.set(key, doc);
    else {
      warnings.push(
        `${describeDocument(doc)}: ${doc.kind} "${doc.name}" is also document ${first.index} (line ${first.line}); applied in order, this one replaces it`,
      );
    }
    if (doc.kind === 'BGPPeer') {
      const spec = specOf(doc.object);
      if (!['peerIP', 'peerSelector', 'localWorkloadSelector'].some((field) => isSet(spec, field))) {
        warnings.push(
          `${describeDocument(doc)}: BGPPeer has neither peerIP nor peerSelector (nor localWorkloadSelector), so it configures no session`,
        );
      }
    }
  }
  return warnings;
}
