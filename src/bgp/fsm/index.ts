/** The session FSM (RFC 4271 §8): pure transitions, OPEN checks, collision resolution, timer rules. */
export type { SessionState, FsmTimer } from './state.js';
export { hasConnection } from './state.js';
export type { FsmEvent, FsmEventType, ConnectionLoss } from './events.js';
export type { FsmAction, NegotiatedSession } from './actions.js';
export type { FsmConfig } from './config.js';
export { fsmConfig, DEFAULT_FSM_TIMERS } from './config.js';
export type { DownReason } from './down-reason.js';
export { describeDownReason } from './down-reason.js';
export { validateOpen, peerAsOf } from './open-validation.js';
export type { CollisionInput, CollisionOutcome, ConnectionView } from './collision.js';
export { resolveCollision } from './collision.js';
export {
  negotiateHoldTime,
  isAcceptableHoldTime,
  jitter,
  keepaliveInterval,
  idleHoldSeconds,
  sendHoldSeconds,
} from './timers.js';
export type { FsmSession, FsmResult } from './transition.js';
export { transition, initialSession } from './transition.js';
