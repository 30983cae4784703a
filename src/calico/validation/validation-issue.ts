/**
 * One problem with one document, worded as calicoctl words it.
 *
 * libcalico-go reports each failing field as `error with field <Field> = '<value>' (<reason>)`
 * (`errors.ErroredField`); a failure that comes from a validation tag alone has the reason
 * `Reason: failed to validate Field: <Field> because of Tag: <tag> ` (with its trailing space). We
 * keep that text and prefix it with where the document is, so a user with many documents can find it.
 */
import type { CalicoDocument } from '../yaml.js';

export interface ValidationIssue {
  /** Position of the document in the set (after List expansion). */
  documentIndex: number;
  kind: string;
  name: string;
  source?: string;
  /** Line of the offending field when known, else the line where the document starts. */
  line?: number;
  /** The field as Calico names it (`Node`, `IPPool.Spec.CIDR`, `Metadata.Name`). */
  field: string;
  /** The offending value; absent when Calico prints none. */
  value?: unknown;
  /** Calico's reason text. */
  reason: string;
  /** Extra detail Calico computes but hides, e.g. the selector parser's error. */
  detail?: string;
  /** The full message: where, then Calico's text. */
  message: string;
}

/** Go's `%v` for the values that appear in these messages. */
export function formatGoValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatGoValue).join(' ')}]`;
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') {
    return `{${Object.values(value as Record<string, unknown>)
      .map(formatGoValue)
      .join(' ')}}`;
  }
  return String(value);
}

/** `error with field X = 'v' (reason)`, as `errors.ErrorValidation` prints a single field. */
export function calicoFieldMessage(field: string, value: unknown, reason: string): string {
  const shown = value === undefined ? field : `${field} = '${formatGoValue(value)}'`;
  return `error with field ${shown}${reason === '' ? '' : ` (${reason})`}`;
}

/** The reason Calico gives when a validation tag (not a custom rule) rejects a field. */
export function tagReason(field: string, tag: string): string {
  return `Reason: failed to validate Field: ${field} because of Tag: ${tag} `;
}

/** `document 2 (BGPPeer "peer-1", peers.yaml:12)` */
export function describeDocument(doc: CalicoDocument, line?: number): string {
  const what = `${doc.kind || '<no kind>'} "${doc.name}"`;
  const at = line ?? doc.line;
  const where = doc.source !== undefined ? `, ${doc.source}:${at}` : `, line ${at}`;
  return `document ${doc.index} (${what}${where})`;
}
