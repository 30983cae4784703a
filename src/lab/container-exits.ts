import { logger } from './log.js';
import type {
  ContainerRef,
  ContainerRuntime,
  EventWatch,
  LabelSelector,
} from './runtime/container-runtime.js';

const log = logger('exits');

/** How often a readiness loop may ask the engine itself once the event stream has failed. */
const FALLBACK_INSPECT_MS = 500;

/**
 * Which of a lab's containers have exited, from one stream of the engine's events for the whole lab.
 * Hundreds of nodes waiting for their daemons would otherwise inspect their containers over and over
 * while the engine is busy creating the rest. An event only prompts one inspect that confirms it (a
 * restart's stop also ends the process); if the stream fails, loops fall back to throttled inspects.
 */
export class ContainerExits {
  /** The sequence number of each container's latest reported exit: clocks tie, counters do not. */
  private readonly lastExit = new Map<string, number>();
  private reported = 0;
  private watch: Promise<EventWatch | undefined> | undefined;
  private broken = false;

  constructor(
    private readonly engine: ContainerRuntime,
    private readonly selector: LabelSelector,
  ) {}

  /** Subscribe, once; before the first container starts, so that no exit goes unseen. */
  async watching(): Promise<void> {
    this.watch ??= this.engine
      .watchExits(
        this.selector,
        (id) => this.lastExit.set(id, ++this.reported),
        (error) => this.fallBack(error),
      )
      .catch((error: Error) => {
        this.fallBack(error);
        return undefined;
      });
    await this.watch;
  }

  private fallBack(error: Error): void {
    if (!this.broken) log.debug(`engine events unavailable (${error.message}); inspecting instead`);
    this.broken = true;
  }

  /**
   * Whether the container has exited, for one readiness loop: the first call asks the engine, later
   * calls only when an exit was reported since the last answer. Never waits: loops pace themselves.
   */
  exitedSince(container: ContainerRef): () => Promise<boolean> {
    let answeredUpTo: number | undefined;
    let inspectedAt = 0;
    let exited = false;
    return async () => {
      const due =
        answeredUpTo === undefined ||
        (this.lastExit.get(container.id) ?? 0) > answeredUpTo ||
        (this.broken && Date.now() - inspectedAt >= FALLBACK_INSPECT_MS);
      if (due) {
        answeredUpTo = this.reported;
        inspectedAt = Date.now();
        exited = !(await this.engine.state(container)).running;
      }
      return exited;
    };
  }

  close(): void {
    void this.watch?.then((watch) => watch?.close());
    this.watch = undefined;
  }
}
