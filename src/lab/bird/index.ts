export type { BirdReply, BirdReplyLine, BirdOutput } from './reply.js';
export { outputLines, BIRD_ERROR_CODE_MIN } from './reply.js';
export { classifyReplyLine, BirdProtocolError, type RawReplyLine } from './reply-line.js';
export { decodeReplies } from './decode-replies.js';
export { BirdCommandError, BirdConfigError, BirdTimeoutError, BirdConnectionError } from './bird-errors.js';
export {
  BirdControlClient,
  birdGeneration,
  type BirdGeneration,
  type BirdConnectOptions,
  type BirdConfigureResult,
} from './control-client.js';
export {
  BGP_STATES,
  parseBgpInfo,
  parseBgpError,
  type BgpState,
  type BgpError,
  type BgpErrorClass,
  type BgpInfo,
} from './bgp-status.js';
export { parseProtocolRow, isProtocolsHeading, type BirdProtocolRow } from './protocol-row.js';
export { parseShowProtocols } from './show-protocols.js';
export {
  parseAsPath,
  asPathAsns,
  type AsPathSegment,
  type AsPathSegmentType,
  type BirdAsPath,
} from './as-path.js';
export {
  parseBgpAttributes,
  type BirdRouteAttribute,
  type BirdBgpAttributes,
  type BgpOrigin,
  type BgpAggregator,
  type BirdExtCommunity,
} from './bgp-attributes.js';
export {
  parseShowRoute,
  type BirdRoute,
  type BirdNextHop,
  type BirdRouteType,
  type BirdRouteBgpSummary,
} from './show-route.js';
