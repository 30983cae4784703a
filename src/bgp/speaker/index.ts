/** A small BGP speaker: sessions over real sockets, driven by the pure FSM. */
export { BgpSpeaker, type SpeakerOptions } from './speaker.js';
export {
  BgpSession,
  type EstablishedSession,
  type SessionEvents,
  type StateChange,
  type ReceivedUpdateInfo,
} from './session.js';
export {
  negotiateContext,
  type NegotiatedContext,
  type NegotiatedGracefulRestart,
} from './negotiated-context.js';
export {
  buildOpen,
  defaultCapabilities,
  peerFsmConfig,
  routerIdNumber,
  type PeerConfig,
} from './peer-config.js';
