import { readNodes } from './read-nodes.js';
import type { Lab } from '../lab.js';
import type { BgpSessionView } from '../observe/views.js';
import { resolveEndpoint, type Endpoint } from './endpoints.js';

export type SessionExpectation = 'established' | 'none';

function describe(session: BgpSessionView): string {
  return `${session.protocol} ${session.state}${session.info ? ` (${session.info})` : ''}`;
}

/**
 * Check each pair from whichever end is a lab node (both, when both are): a session is named by
 * either end (STEPS.md "Sessions"). Returns one line per pair that does not match, saying what was
 * expected and what each node reported.
 */
export async function sessionMismatches(
  lab: Lab,
  pairs: readonly [string, string][],
  expectation: SessionExpectation,
): Promise<string[]> {
  const resolved = await Promise.all(
    pairs.map(
      async ([a, b]) =>
        [await resolveEndpoint(lab, a), await resolveEndpoint(lab, b)] as [Endpoint, Endpoint],
    ),
  );
  const observed = resolved
    .flatMap(([a, b]) => [a.node?.name, b.node?.name])
    .filter((n): n is string => n !== undefined);
  if (observed.length === 0 && resolved.length > 0) {
    throw new Error('neither end of these sessions is a lab node, so nothing can observe them');
  }
  const sessions = await readNodes(lab, observed, (node) => node.sessions());
  const mismatches: string[] = [];
  for (const [a, b] of resolved) {
    lab.checked.session(a.address, b.address);
    const views: string[] = [];
    let established = false;
    for (const [self, other] of [
      [a, b],
      [b, a],
    ] as const) {
      if (!self.node) continue;
      const matching = (sessions.get(self.node.name) ?? []).filter(
        (s) => s.neighborAddress === other.address,
      );
      established ||= matching.some((s) => s.state === 'Established');
      views.push(
        `${self.label} sees ${matching.length === 0 ? `no BGP protocol for ${other.address}` : matching.map(describe).join(', ')}`,
      );
    }
    if (expectation === 'established' && !established) {
      mismatches.push(`${a.label} – ${b.label}: expected an established session; ${views.join('; ')}`);
    }
    if (expectation === 'none' && established) {
      mismatches.push(`${a.label} – ${b.label}: expected no BGP session; ${views.join('; ')}`);
    }
  }
  return mismatches;
}

/**
 * For each pair, what is wrong with the first node's report of its session with the second: it must
 * have the session and give `text` as its reason (BIRD's info column, the reflector's last error),
 * so a session that stays down says why.
 */
export async function sessionReasonMismatches(
  lab: Lab,
  pairs: readonly [string, string][],
  text: string,
): Promise<string[]> {
  const mismatches: string[] = [];
  const reporters = [...new Set(pairs.map(([reporter]) => reporter))];
  for (const reporter of reporters) {
    if (!lab.hasNode(reporter)) throw new Error(`"${reporter}" is not a lab node, so it reports nothing`);
  }
  const sessions = await readNodes(lab, reporters, (node) => node.sessions());
  for (const [reporter, peer] of pairs) {
    const self = await resolveEndpoint(lab, reporter);
    const other = await resolveEndpoint(lab, peer);
    lab.checked.session(self.address, other.address);
    const matching = (sessions.get(reporter) ?? []).filter((s) => s.neighborAddress === other.address);
    if (matching.length === 0) mismatches.push(`${self.label} has no BGP protocol for ${other.label}`);
    else if (!matching.some((s) => s.info.includes(text)))
      mismatches.push(
        `${self.label} gives no reason with "${text}" for ${other.label}: ${matching.map(describe).join(', ')}`,
      );
  }
  return mismatches;
}
