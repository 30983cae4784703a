import type { Lab } from '../lab.js';
import { realClock, type Clock } from '../eventually.js';

async function snapshot(lab: Lab): Promise<{ text: string; allEstablished: boolean }> {
  let allEstablished = true;
  const parts = await Promise.all(
    lab.allNodes().map(async (node) => {
      const [sessions, routes] = await Promise.all([node.sessions(), node.routes()]);
      if (sessions.some((s) => s.state !== 'Established')) allEstablished = false;
      const states = sessions.map((s) => `${s.protocol}=${s.state}`).sort();
      const table = routes.map((r) => `${r.prefix}@${r.protocol}${r.primary ? '*' : ''}`).sort();
      return `${node.name}|${states.join(',')}|${table.join(',')}`;
    }),
  );
  return { text: parts.sort().join('\n'), allEstablished };
}

/**
 * Wait until the lab is quiet: every node's sessions and routing table unchanged over three polls a
 * second apart when every session is established, or over nine when some are not (a session waiting
 * on its connect-retry timer looks quiet for a while). Negative steps (`does not`, `no`) wait for this before their stability window, so
 * they do not pass merely because the lab has not got there yet. Returns after `timeoutMs` even if
 * the lab never settles (a flapping session is the scenario's to assert on).
 */
export async function awaitConvergence(
  lab: Lab,
  { timeoutMs, clock = realClock }: { timeoutMs: number; clock?: Clock },
): Promise<boolean> {
  const deadline = clock.now() + timeoutMs;
  let previous = '';
  let unchanged = 0;
  while (clock.now() < deadline) {
    const current = await snapshot(lab);
    unchanged = current.text === previous ? unchanged + 1 : 0;
    if (unchanged >= (current.allEstablished ? 2 : 8)) return true;
    previous = current.text;
    await clock.sleep(1000);
  }
  return false;
}
