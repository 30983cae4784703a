import { Then } from '@cucumber/cucumber';
import type { RrlabWorld } from './world.js';

export interface ThenWindow {
  /** The window for this step: ` within N seconds` when given, else the world's default. */
  timeoutMs: number | undefined;
}

/**
 * Register a `Then` phrase together with its ` within N seconds` form (STEPS.md "Waiting"); the
 * handler receives the window, undefined when the scenario did not give one.
 */
export function ThenWithin<A extends unknown[]>(
  expression: string,
  handler: (this: RrlabWorld, window: ThenWindow, ...args: A) => Promise<void>,
): void {
  // A phrase ending in ':' takes a docstring or data table as its last argument, and reads badly with
  // a trailing window, so it has no ` within N seconds` form.
  const takesBlock = expression.endsWith(':');
  const parameters = (expression.match(/\{[a-zA-Z]*\}/g) ?? []).length + (takesBlock ? 1 : 0);
  Then(
    expression,
    withArity(parameters, function (this: RrlabWorld, ...args: A) {
      return handler.call(this, { timeoutMs: undefined }, ...args);
    }),
  );
  if (takesBlock) return;
  Then(
    `${expression} within {int} second(s)`,
    withArity(parameters + 1, function (this: RrlabWorld, ...args: unknown[]) {
      // The window is the argument after the phrase's own (cucumber may pass more after it).
      const seconds = args[parameters];
      if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
        throw new Error(
          `the window of "${expression} within N seconds" must be a number, not ${String(seconds)}`,
        );
      }
      return handler.call(this, { timeoutMs: seconds * 1000 }, ...(args.slice(0, parameters) as A));
    }),
  );
}

/** Cucumber checks a step function's declared arity against its expression; rest parameters have none. */
function withArity<F extends (...args: never[]) => unknown>(arity: number, fn: F): F {
  Object.defineProperty(fn, 'length', { value: arity });
  return fn;
}
