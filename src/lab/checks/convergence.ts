import type { Lab } from '../lab.js';
import { realClock, type Clock } from '../eventually.js';

/** The part of the lab convergence reads: every node's sessions and routes, and its timeline. */
export type ConvergenceView = {
  allNodes(): readonly Pick<ReturnType<Lab['allNodes']>[number], 'name' | 'sessions' | 'routes'>[];
  readonly timeline: Pick<Lab['timeline'], 'settled'>;
};

/** What a settled lab keeps still: which sessions are up, and every node's table. */
async function snapshot(lab: ConvergenceView): Promise<{ lines: string[]; allEstablished: boolean }> {
  let allEstablished = true;
  const parts = await Promise.all(
    lab.allNodes().map(async (node) => {
      const [sessions, routes] = await Promise.all([node.sessions(), node.routes()]);
      if (sessions.some((s) => s.state !== 'Established')) allEstablished = false;
      // A session that is down cycles through Connect, Active and Idle as its peer keeps refusing or
      // stays gone: that is one steady state (down), not a lab that is still changing.
      const states = sessions.map((s) => `${s.protocol}=${s.state === 'Established' ? 'up' : 'down'}`).sort();
      const table = routes.map((r) => `${r.prefix}@${r.protocol}${r.primary ? '*' : ''}`).sort();
      return `${node.name}|${states.join(',')}|${table.join(',')}`;
    }),
  );
  return { lines: parts.sort(), allEstablished };
}

/** The nodes whose sessions or routing table differ between two snapshots. */
function changedNodes(previous: readonly string[], current: readonly string[]): string[] {
  const before = new Set(previous);
  return current.filter((line) => !before.has(line)).map((line) => line.slice(0, line.indexOf('|')));
}

/** Whether the lab settled, and if not the nodes that were still changing at the end. */
export interface Convergence {
  settled: boolean;
  stillChanging: string[];
}

/**
 * Wait until the lab is quiet: every node's sessions and routing table unchanged over three polls a
 * second apart when every session is established, or over nine when some are not (a session waiting
 * on its connect-retry timer looks quiet for a while). Negative steps (`does not`, `no`) wait for this before their stability window, so
 * they do not pass merely because the lab has not got there yet. Returns after `timeoutMs` even if
 * the lab never settles, naming the nodes still changing: the caller decides whether that fails.
 * A settled lab is noted in its timeline, which times the convergence after the lab's last change.
 */
export async function awaitConvergence(
  lab: ConvergenceView,
  { timeoutMs, clock = realClock }: { timeoutMs: number; clock?: Clock },
): Promise<Convergence> {
  const deadline = clock.now() + timeoutMs;
  let previous: string[] = [];
  let stillChanging: string[] = [];
  let unchanged = 0;
  while (clock.now() < deadline) {
    const current = await snapshot(lab);
    const changed = changedNodes(previous, current.lines);
    if (changed.length === 0 && previous.length === current.lines.length) unchanged++;
    else {
      unchanged = 0;
      stillChanging = changed;
    }
    if (unchanged >= (current.allEstablished ? 2 : 8)) {
      lab.timeline.settled();
      return { settled: true, stillChanging: [] };
    }
    previous = current.lines;
    await clock.sleep(1000);
  }
  return { settled: false, stillChanging };
}
