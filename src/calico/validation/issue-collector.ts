import { findFieldLine, type CalicoDocument } from '../yaml.js';
import { calicoFieldMessage, describeDocument, tagReason, type ValidationIssue } from './validation-issue.js';

type FieldPath = readonly (string | number)[];

/** Collects the issues of one document; rules call it with Calico's field name and reason. */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];

  constructor(readonly doc: CalicoDocument) {}

  /** A failing field with Calico's reason text. `path` locates the field in the YAML for the line. */
  field(path: FieldPath, field: string, value: unknown, reason: string, detail?: string): void {
    const line = findFieldLine(this.doc, path) ?? this.doc.line;
    const calicoText = calicoFieldMessage(field, value, reason);
    const issue: ValidationIssue = {
      documentIndex: this.doc.index,
      kind: this.doc.kind,
      name: this.doc.name,
      line,
      field,
      reason,
      message: `${describeDocument(this.doc, line)}: ${calicoText}${detail === undefined ? '' : ` [${detail}]`}`,
    };
    if (this.doc.source !== undefined) issue.source = this.doc.source;
    if (value !== undefined) issue.value = value;
    if (detail !== undefined) issue.detail = detail;
    this.issues.push(issue);
  }

  /** A field rejected by a validation tag (`ipv4`, `selector`, `IP:port`, …). */
  tag(path: FieldPath, field: string, value: unknown, tag: string, detail?: string): void {
    this.field(path, field, value, tagReason(field, tag), detail);
  }

  /** A document the strict decoder refuses before any rule runs (`path` locates it for the line). */
  undecodable(path: FieldPath, reason: string, detail: string): void {
    const line = findFieldLine(this.doc, path) ?? this.doc.line;
    const issue: ValidationIssue = {
      documentIndex: this.doc.index,
      kind: this.doc.kind,
      name: this.doc.name,
      line,
      field: path.join('.'),
      reason,
      detail,
      message: `${describeDocument(this.doc, line)}: ${reason} [${detail}]`,
    };
    if (this.doc.source !== undefined) issue.source = this.doc.source;
    this.issues.push(issue);
  }

  /** A problem that is not about one field (unknown kind, unsupported apiVersion). */
  document(field: string, reason: string): void {
    const issue: ValidationIssue = {
      documentIndex: this.doc.index,
      kind: this.doc.kind,
      name: this.doc.name,
      line: this.doc.line,
      field,
      reason,
      message: `${describeDocument(this.doc)}: ${reason}`,
    };
    if (this.doc.source !== undefined) issue.source = this.doc.source;
    this.issues.push(issue);
  }
}
