/** BGPFilter rule checks: libcalico-go `validateBGPFilterRule` and the rule field tags. */
import { parseCidr } from '../../net/index.js';
import { asRecord, isSet, specOf, stringField } from './field-access.js';
import type { IssueCollector } from './issue-collector.js';

const RULE_LISTS = [
  ['exportV4', 4],
  ['importV4', 4],
  ['exportV6', 6],
  ['importV6', 6],
] as const;

export function validateBgpFilter(issues: IssueCollector): void {
  const spec = specOf(issues.doc.object);
  for (const [list, family] of RULE_LISTS) {
    const rules = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
    rules.forEach((raw, i) => {
      const rule = asRecord(raw) ?? {};
      const at = (field: string): (string | number)[] => ['spec', list, i, field];
      const action = stringField(rule, 'action');
      // Actions are case-sensitive: `accept` is rejected.
      if (!/^(Accept|Reject)$/.test(action)) issues.tag(at('action'), 'Action', action, 'filterAction');
      const operator = stringField(rule, 'matchOperator');
      if (operator !== '' && !/^(Equal|In|NotEqual|NotIn)$/.test(operator)) {
        issues.tag(at('matchOperator'), 'MatchOperator', operator, 'matchOperator');
      }
      const cidr = stringField(rule, 'cidr');
      if (cidr !== '') {
        const parsed = cidr.includes('/') ? parseCidr(cidr) : undefined;
        if (!parsed || parsed.family !== family || !parsed.masked) {
          issues.tag(at('cidr'), 'CIDR', cidr, family === 4 ? 'netv4' : 'netv6');
        }
      }
      if (cidr !== '' && operator === '') {
        issues.field(at('cidr'), 'CIDR', cidr, 'MatchOperator cannot be empty when CIDR is not');
      }
      if (cidr === '' && operator !== '') {
        issues.field(
          at('matchOperator'),
          'MatchOperator',
          operator,
          'CIDR cannot be empty when MatchOperator is not',
        );
      }
      if (cidr === '' && isSet(rule, 'prefixLength')) {
        issues.field(
          at('prefixLength'),
          'PrefixLength',
          rule.prefixLength,
          'CIDR cannot be empty when PrefixLength is not',
        );
      }
    });
  }
}
