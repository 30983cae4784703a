import { setParallelCanAssign } from '@cucumber/cucumber';

/** A scenario of hundreds of nodes: it wants the engine and every core to itself. */
const LARGE_TAG = '@large';

function isLarge(pickle: { tags: readonly { name: string }[] }): boolean {
  return pickle.tags.some((tag) => tag.name === LARGE_TAG);
}

// With `--parallel N` (rrlab's default), small scenarios share the machine, and a @large one runs
// alone: it starts once the others in flight are done, and none starts beside it.
setParallelCanAssign((pickle, running) => (isLarge(pickle) ? running.length === 0 : !running.some(isLarge)));
