/**
 * Object metadata checks of libcalico-go's `validateObjectMeta`: DNS-1123 subdomain names of at
 * most 253 characters, Kubernetes label keys (qualified names) and label values.
 */
import type { IssueCollector } from './issue-collector.js';
import { asRecord } from './field-access.js';

const NAME_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const NAME_SUBDOMAIN = `${NAME_LABEL}(\\.${NAME_LABEL})*`;
const NAME_REGEX = new RegExp(`^${NAME_SUBDOMAIN}$`);
const DNS1123_SUBDOMAIN_MAX = 253;

const QUALIFIED_NAME_PART = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_REGEX = new RegExp(`^${QUALIFIED_NAME_PART}$`);
const LABEL_VALUE_PART = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const LABEL_VALUE_REGEX = new RegExp(`^${LABEL_VALUE_PART}$`);

/** True for a DNS-1123 subdomain, the shape of every Calico resource name (and of `BGPPeer.node`). */
export function isCalicoName(name: string): boolean {
  return name.length <= DNS1123_SUBDOMAIN_MAX && NAME_REGEX.test(name);
}

export function validateMetadata(issues: IssueCollector): void {
  const metadata = asRecord(issues.doc.object.metadata) ?? {};
  const name = issues.doc.name;
  if (name === '') {
    // clientv3 refuses a resource without a name before validating anything else.
    issues.field(['metadata'], 'Metadata.Name', undefined, "insufficient identifiers, missing 'name'");
  } else {
    if (name.length > DNS1123_SUBDOMAIN_MAX) {
      issues.field(
        ['metadata', 'name'],
        'Metadata.Name',
        name,
        `name is too long by ${name.length - DNS1123_SUBDOMAIN_MAX} bytes`,
      );
    }
    if (!NAME_REGEX.test(name)) {
      issues.field(
        ['metadata', 'name'],
        'Metadata.Name',
        name,
        `name must consist of lower case alphanumeric characters, '-' or '.' (regex: ${NAME_SUBDOMAIN})`,
      );
    }
  }
  const labels = asRecord(metadata.labels) ?? {};
  for (const [key, value] of Object.entries(labels)) {
    for (const reason of qualifiedNameErrors(key)) {
      issues.field(['metadata', 'labels', key], 'Metadata.Labels (label)', key, reason);
    }
    for (const reason of labelValueErrors(typeof value === 'string' ? value : String(value))) {
      issues.field(['metadata', 'labels', key], 'Metadata.Labels (value)', value, reason);
    }
  }
}

/** Kubernetes `IsQualifiedName`: an optional DNS subdomain prefix and `/`, then a name of <= 63. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  const errors: string[] = [];
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
  } else {
    return [
      `a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME_PART}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (name.length > 63) errors.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME_REGEX.test(name)) {
    errors.push(
      `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME_PART}')`,
    );
  }
  return errors;
}

function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX)
    errors.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX} characters`);
  if (!NAME_REGEX.test(value)) {
    errors.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${NAME_SUBDOMAIN}')`,
    );
  }
  return errors;
}

/** Kubernetes `IsValidLabelValue`. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!LABEL_VALUE_REGEX.test(value)) {
    errors.push(
      `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE_PART}')`,
    );
  }
  return errors;
}
