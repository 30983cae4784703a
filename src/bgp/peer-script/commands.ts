/**
 * Commands a scripted peer takes on stdin, one JSON object per line:
 *
 *   {"op":"wait-established","timeoutMs":10000}
 *   {"op":"announce","sessions":[0,1],"prefixes":["10.65.2.0/26"],"attributes":{"localPref":200}}
 *   {"op":"withdraw","sessions":"all","prefixes":["10.65.2.0/26"]}
 *   {"op":"end-of-rib"}   {"op":"route-refresh"}   {"op":"stop","message":"done"}
 */
import type { RouteAttributesInput } from './route-attributes.js';
import type { ScriptedPeers, SessionSelector } from './scripted-peers.js';

export type Command =
  | { readonly op: 'wait-established'; readonly timeoutMs?: number; readonly sessions?: SessionSelector }
  | {
      readonly op: 'announce';
      readonly sessions?: SessionSelector;
      readonly prefixes: readonly string[];
      readonly attributes?: RouteAttributesInput;
    }
  | { readonly op: 'withdraw'; readonly sessions?: SessionSelector; readonly prefixes: readonly string[] }
  | {
      readonly op: 'end-of-rib';
      readonly sessions?: SessionSelector;
      readonly afi?: number;
      readonly safi?: number;
    }
  | {
      readonly op: 'route-refresh';
      readonly sessions?: SessionSelector;
      readonly afi?: number;
      readonly safi?: number;
    }
  | { readonly op: 'stop'; readonly message?: string };

const OPS = new Set(['wait-established', 'announce', 'withdraw', 'end-of-rib', 'route-refresh', 'stop']);

export function parseCommand(line: string): Command {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new Error(`command is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || !OPS.has((value as { op?: unknown }).op as string)) {
    throw new Error(`unknown command ${line.trim()} (ops: ${[...OPS].join(', ')})`);
  }
  const command = value as Command;
  if ((command.op === 'announce' || command.op === 'withdraw') && !Array.isArray(command.prefixes)) {
    throw new Error(`${command.op} needs a "prefixes" list`);
  }
  return command;
}

/** Runs one command; returns a short summary for the acknowledgement line. */
export async function runCommand(peers: ScriptedPeers, command: Command): Promise<Record<string, unknown>> {
  switch (command.op) {
    case 'wait-established':
      await peers.waitEstablished(command.timeoutMs ?? 30_000, command.sessions ?? 'all');
      return {};
    case 'announce':
      return {
        messages: await peers.announce(command.sessions ?? 'all', command.prefixes, command.attributes ?? {}),
      };
    case 'withdraw':
      return { messages: await peers.withdraw(command.sessions ?? 'all', command.prefixes) };
    case 'end-of-rib':
      await peers.endOfRib(command.sessions ?? 'all', command.afi ?? 1, command.safi ?? 1);
      return {};
    case 'route-refresh':
      peers.routeRefresh(command.sessions ?? 'all', command.afi ?? 1, command.safi ?? 1);
      return {};
    case 'stop':
      await peers.stop(command.message);
      return {};
  }
}
