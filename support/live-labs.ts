import { type Lab } from '../src/lab/index.js';

/** Labs of this process that are not disposed yet: what a signal handler must tear down. */
export const liveLabs = new Set<Lab>();
