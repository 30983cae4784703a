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
export { buildDetailTree, findDetail, detailValue, type BirdDetailNode } from './detail-tree.js';
export {
  parseRouteCounts,
  parseRouteChangeStats,
  parseTimer,
  type BirdRouteCounts,
  type BirdRouteChangeCounters,
  type BirdRouteChangeStats,
  type BirdTimer,
} from './protocol-details.js';
export {
  parseShowProtocolsAll,
  type BirdProtocolDetails,
  type BirdBgpDetails,
  type BirdBgpSessionFlags,
  type BirdCapability,
  type BirdChannelDetails,
} from './show-protocols-all.js';
export {
  parseRouteCount,
  type BirdRouteCount,
  type BirdRouteCountLine,
  type BirdTableRouteCount,
} from './route-count.js';
export {
  parseCalicoProtocolName,
  calicoProtocolName,
  calicoNodeStatus,
  type CalicoPeerKind,
  type CalicoPeerType,
  type CalicoProtocolName,
  type CalicoPeerStatus,
} from './calico-protocol-name.js';
