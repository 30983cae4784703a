/**
 * Typed BGP messages: the values the codec decodes to and encodes from.
 *
 * Every message is a plain object discriminated by `type`. Decoded values are normalised (prefix host
 * bits cleared, AS paths always in 4-octet form, AS4_PATH/AS4_AGGREGATOR already merged per RFC 6793
 * §4.2.3), so two UPDATEs that mean the same thing compare equal and an attribute set can be interned
 * by its canonical encoding (see `attribute-set-key.ts`).
 *
 * IPv4 addresses that are identifiers or IPv4-only fields (BGP Identifier, NEXT_HOP, ORIGINATOR_ID,
 * CLUSTER_LIST entries, AGGREGATOR address) are unsigned 32-bit numbers: cheap to compare and hash.
 * Prefixes and MP next hops, which may be IPv6, are byte arrays.
 */

/** RFC 4271 §4.1 message type codes. */
export const MessageType = {
  Open: 1,
  Update: 2,
  Notification: 3,
  Keepalive: 4,
  RouteRefresh: 5,
} as const;

/** Address Family Identifiers used here (IANA "Address Family Numbers"). */
export const Afi = { Ipv4: 1, Ipv6: 2 } as const;
/** Subsequent AFI values used here (RFC 4760 §6). */
export const Safi = { Unicast: 1, Multicast: 2 } as const;

/** An (AFI, SAFI) pair. Numbers are kept raw so unknown families round-trip. */
export interface AddressFamily {
  readonly afi: number;
  readonly safi: number;
}

/** A compact key for an (AFI, SAFI) pair, for sets and maps: `afi * 256 + safi`. */
export type FamilyKey = number;

export function familyKey(afi: number, safi: number): FamilyKey {
  return afi * 256 + safi;
}

/** 2-octet AS placeholder for 4-octet ASNs toward OLD speakers (RFC 6793 §2, §9). */
export const AS_TRANS = 23456;

// ---------------------------------------------------------------------------------------------------
// Prefixes (NLRI)
// ---------------------------------------------------------------------------------------------------

/**
 * One NLRI entry: an IP prefix plus its ADD-PATH Path Identifier (RFC 7911 §3).
 * `address` is full width (4 bytes for AFI 1, 16 for AFI 2) with bits past `length` cleared.
 * `pathId` is 0 when ADD-PATH is not in use for the family and direction.
 */
export interface Nlri {
  readonly afi: number;
  readonly length: number;
  readonly address: Uint8Array;
  readonly pathId: number;
}

// ---------------------------------------------------------------------------------------------------
// OPEN and capabilities (RFC 4271 §4.2, RFC 5492, RFC 9072)
// ---------------------------------------------------------------------------------------------------

/** RFC 5492 capability codes decoded by this codec (IANA "Capability Codes"). */
export const CapabilityCode = {
  Multiprotocol: 1,
  RouteRefresh: 2,
  ExtendedMessage: 6,
  GracefulRestart: 64,
  FourOctetAs: 65,
  AddPath: 69,
  EnhancedRouteRefresh: 70,
  LongLivedGracefulRestart: 71,
  Fqdn: 73,
} as const;

/** RFC 7911 §4 Send/Receive field. */
export const AddPathDirection = { Receive: 1, Send: 2, Both: 3 } as const;

export interface GracefulRestartFamily extends AddressFamily {
  /** F bit (RFC 4724 §3): forwarding state preserved for this family. */
  readonly forwardingPreserved: boolean;
}

export interface AddPathFamily extends AddressFamily {
  /** 1 receive, 2 send, 3 both (RFC 7911 §4); other values are kept so they round-trip. */
  readonly sendReceive: number;
}

export interface LongLivedGracefulRestartFamily extends AddressFamily {
  /** Flags octet (RFC 9494 §3: high bit F = forwarding preserved). */
  readonly flags: number;
  /** 24-bit Long-Lived Stale Time in seconds. */
  readonly staleTimeSeconds: number;
}

export type Capability =
  | { readonly kind: 'multiprotocol'; readonly afi: number; readonly safi: number }
  | { readonly kind: 'route-refresh' }
  | { readonly kind: 'extended-message' }
  | {
      readonly kind: 'graceful-restart';
      /** R bit (RFC 4724 §3). */
      readonly restarting: boolean;
      /** N bit (RFC 8538 §2): the speaker supports graceful NOTIFICATION. */
      readonly notification: boolean;
      /** 12-bit Restart Time in seconds. */
      readonly restartTimeSeconds: number;
      readonly families: readonly GracefulRestartFamily[];
    }
  | { readonly kind: 'four-octet-as'; readonly asn: number }
  | { readonly kind: 'add-path'; readonly families: readonly AddPathFamily[] }
  | { readonly kind: 'enhanced-route-refresh' }
  | {
      readonly kind: 'long-lived-graceful-restart';
      readonly families: readonly LongLivedGracefulRestartFamily[];
    }
  | { readonly kind: 'fqdn'; readonly hostname: string; readonly domainName: string }
  /** Any capability not decoded above, or a known one whose value was malformed (kept, ignored: RFC 5492 §3). */
  | { readonly kind: 'unknown'; readonly code: number; readonly value: Uint8Array };

export interface OpenMessage {
  readonly type: 'open';
  /** Always 4 on the wire for sessions that come up; decoded as received. */
  readonly version: number;
  /** The 2-octet My Autonomous System field (AS_TRANS when the real AS needs 4 octets). */
  readonly myAs: number;
  readonly holdTime: number;
  /** BGP Identifier as an unsigned 32-bit number. */
  readonly bgpId: number;
  readonly capabilities: readonly Capability[];
  /**
   * Encode the optional parameters in the RFC 9072 extended format even when they would fit the
   * classic one. The encoder switches to it on its own when they exceed 255 octets.
   */
  readonly extendedParameters?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// UPDATE and path attributes (RFC 4271 §4.3, §5)
// ---------------------------------------------------------------------------------------------------

/** Path attribute type codes (IANA "BGP Path Attributes"). */
export const AttributeType = {
  Origin: 1,
  AsPath: 2,
  NextHop: 3,
  MultiExitDisc: 4,
  LocalPref: 5,
  AtomicAggregate: 6,
  Aggregator: 7,
  Communities: 8,
  OriginatorId: 9,
  ClusterList: 10,
  MpReachNlri: 14,
  MpUnreachNlri: 15,
  ExtendedCommunities: 16,
  As4Path: 17,
  As4Aggregator: 18,
  LargeCommunities: 32,
} as const;

/** Attribute flag bits (RFC 4271 §4.3). */
export const AttributeFlag = {
  Optional: 0x80,
  Transitive: 0x40,
  Partial: 0x20,
  ExtendedLength: 0x10,
} as const;

/** ORIGIN values (RFC 4271 §5.1.1). */
export const Origin = { Igp: 0, Egp: 1, Incomplete: 2 } as const;
export type OriginValue = 0 | 1 | 2;

/** AS_PATH segment types (RFC 4271 §4.3; confederation types of RFC 5065 are kept as numbers). */
export const AsPathSegmentType = { AsSet: 1, AsSequence: 2, ConfedSequence: 3, ConfedSet: 4 } as const;

export interface AsPathSegment {
  readonly type: number;
  /** 4-octet ASNs (RFC 6793 reconstruction has already happened on decode). */
  readonly asns: readonly number[];
}

export interface Aggregator {
  readonly asn: number;
  readonly address: number;
}

export interface LargeCommunity {
  readonly globalAdmin: number;
  readonly localData1: number;
  readonly localData2: number;
}

/** An attribute this codec does not decode, kept with its flags so it can be passed on (RFC 4271 §5). */
export interface RawAttribute {
  readonly flags: number;
  readonly type: number;
  readonly value: Uint8Array;
}

/**
 * The path attributes of an UPDATE apart from MP_REACH_NLRI/MP_UNREACH_NLRI (which carry NLRI and
 * live on the UPDATE itself). An absent field means the attribute was absent (or discarded).
 */
export interface PathAttributes {
  readonly origin?: OriginValue;
  readonly asPath?: readonly AsPathSegment[];
  /** IPv4 NEXT_HOP (type 3). */
  readonly nextHop?: number;
  readonly med?: number;
  readonly localPref?: number;
  readonly atomicAggregate?: boolean;
  readonly aggregator?: Aggregator;
  /** RFC 1997 communities as unsigned 32-bit values (high 16 bits = AS). */
  readonly communities?: readonly number[];
  readonly originatorId?: number;
  readonly clusterList?: readonly number[];
  /** RFC 4360 extended communities, each exactly 8 octets. */
  readonly extendedCommunities?: readonly Uint8Array[];
  /** RFC 8092 large communities (duplicates removed on decode, §6). */
  readonly largeCommunities?: readonly LargeCommunity[];
  /** Unrecognised optional attributes, in the order received. */
  readonly unknown?: readonly RawAttribute[];
}

/** MP_REACH_NLRI (RFC 4760 §3). */
export interface MpReach {
  readonly afi: number;
  readonly safi: number;
  /** 4 bytes (IPv4), 16 (IPv6 global) or 32 (IPv6 global + link-local, RFC 2545 §3). */
  readonly nextHop: Uint8Array;
  readonly nlri: readonly Nlri[];
}

/** MP_UNREACH_NLRI (RFC 4760 §4). An empty `withdrawn` list is End-of-RIB for the family (RFC 4724 §2). */
export interface MpUnreach {
  readonly afi: number;
  readonly safi: number;
  readonly withdrawn: readonly Nlri[];
}

export interface UpdateMessage {
  readonly type: 'update';
  /** IPv4 unicast Withdrawn Routes. */
  readonly withdrawn: readonly Nlri[];
  readonly attributes: PathAttributes;
  readonly mpReach?: MpReach;
  readonly mpUnreach?: MpUnreach;
  /** IPv4 unicast NLRI. */
  readonly nlri: readonly Nlri[];
}

// ---------------------------------------------------------------------------------------------------
// NOTIFICATION (RFC 4271 §4.5, §6), KEEPALIVE (§4.4), ROUTE-REFRESH (RFC 2918, RFC 7313)
// ---------------------------------------------------------------------------------------------------

export interface NotificationMessage {
  readonly type: 'notification';
  readonly code: number;
  readonly subcode: number;
  readonly data: Uint8Array;
}

export interface KeepaliveMessage {
  readonly type: 'keepalive';
}

/** RFC 7313 §3 Message Subtype (0 for a plain RFC 2918 request). */
export const RouteRefreshSubtype = { Request: 0, BeginOfRouteRefresh: 1, EndOfRouteRefresh: 2 } as const;

export interface RouteRefreshMessage {
  readonly type: 'route-refresh';
  readonly afi: number;
  readonly safi: number;
  /** 0 request, 1 BoRR, 2 EoRR; other values decoded as received (RFC 7313 §5: ignored). */
  readonly subtype: number;
}

export type Message =
  OpenMessage | UpdateMessage | NotificationMessage | KeepaliveMessage | RouteRefreshMessage;

// ---------------------------------------------------------------------------------------------------
// NOTIFICATION codes and subcodes
// ---------------------------------------------------------------------------------------------------

/** Error codes (RFC 4271 §4.5; RFC 7313 §5; RFC 9687). */
export const NotificationCode = {
  MessageHeaderError: 1,
  OpenMessageError: 2,
  UpdateMessageError: 3,
  HoldTimerExpired: 4,
  FsmError: 5,
  Cease: 6,
  RouteRefreshMessageError: 7,
  SendHoldTimerExpired: 8,
} as const;

/** Message Header Error subcodes (RFC 4271 §6.1). */
export const MessageHeaderErrorSubcode = {
  ConnectionNotSynchronized: 1,
  BadMessageLength: 2,
  BadMessageType: 3,
} as const;

/** OPEN Message Error subcodes (RFC 4271 §6.2; RFC 5492 §5; RFC 9234). */
export const OpenMessageErrorSubcode = {
  UnsupportedVersionNumber: 1,
  BadPeerAs: 2,
  BadBgpIdentifier: 3,
  UnsupportedOptionalParameter: 4,
  UnacceptableHoldTime: 6,
  UnsupportedCapability: 7,
  RoleMismatch: 11,
} as const;

/** UPDATE Message Error subcodes (RFC 4271 §6.3). */
export const UpdateMessageErrorSubcode = {
  MalformedAttributeList: 1,
  UnrecognizedWellKnownAttribute: 2,
  MissingWellKnownAttribute: 3,
  AttributeFlagsError: 4,
  AttributeLengthError: 5,
  InvalidOriginAttribute: 6,
  InvalidNextHopAttribute: 8,
  OptionalAttributeError: 9,
  InvalidNetworkField: 10,
  MalformedAsPath: 11,
} as const;

/** FSM Error subcodes (RFC 6608 §3). */
export const FsmErrorSubcode = {
  Unspecified: 0,
  UnexpectedMessageInOpenSent: 1,
  UnexpectedMessageInOpenConfirm: 2,
  UnexpectedMessageInEstablished: 3,
} as const;

/** Cease subcodes (RFC 4486 §4; RFC 8538 §3; RFC 9384). */
export const CeaseSubcode = {
  MaximumNumberOfPrefixesReached: 1,
  AdministrativeShutdown: 2,
  PeerDeconfigured: 3,
  AdministrativeReset: 4,
  ConnectionRejected: 5,
  OtherConfigurationChange: 6,
  ConnectionCollisionResolution: 7,
  OutOfResources: 8,
  HardReset: 9,
  BfdDown: 10,
} as const;

/** ROUTE-REFRESH Message Error subcodes (RFC 7313 §5). */
export const RouteRefreshErrorSubcode = { InvalidMessageLength: 1 } as const;

// ---------------------------------------------------------------------------------------------------
// Session context
// ---------------------------------------------------------------------------------------------------

/**
 * What the two OPENs negotiated, passed to every encode and decode call (holo's `DecodeCxt`).
 * The same object serves both directions: `addPathReceive` governs decoding, `addPathSend` encoding.
 * Build one with `negotiateCodecContext` (`context.ts`).
 */
export interface CodecContext {
  /** Both sides sent capability 65 (RFC 6793 §3): AS numbers are 4 octets in AS_PATH and AGGREGATOR. */
  readonly fourOctetAs: boolean;
  /** Families whose received NLRI carry a Path Identifier: we advertised Receive, the peer Send (RFC 7911 §5). */
  readonly addPathReceive: ReadonlySet<FamilyKey>;
  /** Families whose sent NLRI carry a Path Identifier: we advertised Send, the peer Receive (RFC 7911 §5). */
  readonly addPathSend: ReadonlySet<FamilyKey>;
  /** Extended messages (RFC 8654): both advertised capability 6, so messages may be up to 65535 octets. */
  readonly extendedMessage: boolean;
  /** iBGP or eBGP: RFC 7606 §7.5, §7.9, §7.10 choose the error action by peer type. */
  readonly peerType: 'internal' | 'external';
}

/** The context before OPENs are exchanged: 2-octet AS, no ADD-PATH, 4096-octet messages (RFC 4271 §4). */
export const DEFAULT_CODEC_CONTEXT: CodecContext = {
  fourOctetAs: false,
  addPathReceive: new Set(),
  addPathSend: new Set(),
  extendedMessage: false,
  peerType: 'internal',
};

/** RFC 4271 §4.1 / RFC 8654 §4 maximum message sizes. */
export const MAX_MESSAGE_LENGTH = 4096;
export const MAX_EXTENDED_MESSAGE_LENGTH = 65535;
export const HEADER_LENGTH = 19;
