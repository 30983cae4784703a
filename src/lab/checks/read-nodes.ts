import type { Lab } from '../lab.js';
import type { LabNode } from '../nodes/lab-node.js';

/** Ask each named node once (in parallel, duplicates read once) and key the answers by name. */
export async function readNodes<T>(
  lab: Lab,
  names: Iterable<string>,
  read: (node: LabNode) => Promise<T>,
): Promise<Map<string, T>> {
  const unique = [...new Set(names)];
  const answers = await Promise.all(unique.map((name) => read(lab.node(name))));
  return new Map(unique.map((name, i) => [name, answers[i]!]));
}
