/** How a provider's registry is reached: Nara's own tables, or an agency system (node protocol). */
export interface ProviderAdapter {
  /** The item's record for the person, or undefined when the registry holds none. */
  read(itemCode: string, personId: string): Promise<Record<string, unknown> | undefined>;
}

/** A provider agency served by another Nara node (or an agency system speaking the node protocol). */
export interface RemoteProvider {
  /** Base URL of the provider node, e.g. https://nara.province.example */
  url: string;
  /** Default: the global fetch. Tests pass the other node's app.request. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

export const isRemote = (p: ProviderAdapter | RemoteProvider): p is RemoteProvider => 'url' in p;

export interface SharingSettings {
  /** How long one provider may take before the lookup shows it as unavailable (ms). */
  providerTimeoutMs: number;
  /** Adapters by provider agency code; providers not listed are read from Nara's own registries. */
  providers: Record<string, ProviderAdapter | RemoteProvider>;
  /** Root certificates (DER) of the other nodes whose signed requests and responses this node accepts. */
  peerRoots: () => Promise<Uint8Array[]>;
  /** How far a node request's time may be from this node's clock (ms). */
  maxClockSkewMs: number;
  /** Distinct people one official may look up in `burstWindowMs` before an alert is raised. */
  burstThreshold: number;
  /** The working day; a lookup outside it (or on a weekend) raises an alert. Hours are local to the offset. */
  workingHours: { start: number; end: number; utcOffsetMinutes: number };
  /** Most lookups one official may make in a minute, and one agency (its officials together). */
  officialLookupsPerMinute: number;
  agencyLookupsPerMinute: number;
  burstWindowMs: number;
  /**
   * How long after a granted lookup for an e-People case an official must have acted on the case
   * (assigned, transferred, asked for a supplement, extended, answered or closed it); otherwise a
   * "no later action" alert goes to the auditors and the provider agencies.
   */
  noActionAfterMs: number;
}

export const DEFAULT_SHARING_SETTINGS: SharingSettings = {
  providerTimeoutMs: 2_000,
  providers: {},
  peerRoots: async () => [],
  maxClockSkewMs: 300_000,
  burstThreshold: 10,
  workingHours: { start: 7, end: 21, utcOffsetMinutes: 540 },
  officialLookupsPerMinute: 60,
  agencyLookupsPerMinute: 1_200,
  burstWindowMs: 3_600_000,
  noActionAfterMs: 3 * 86_400_000,
};

/** What identifies the case a lookup serves: a Nara e-People case, or another system's case id. */
export interface LookupCase {
  caseId?: string | undefined;
  externalCaseId?: string | undefined;
}

export interface LookupInput extends LookupCase {
  /** The agency the official acts for (default: their first post). */
  agencyId?: string | undefined;
  personId?: string | undefined;
  serviceCode: string;
  legalBasis: string;
  /** Items to fetch; default every item approved for the service. */
  items?: string[] | undefined;
}

export interface CheckInput extends LookupCase {
  agencyId?: string | undefined;
  personId?: string | undefined;
  serviceCode: string;
  legalBasis: string;
  predicate: string;
  parameter?: string | undefined;
}

export type ItemOutcome = 'given' | 'no_record' | 'unavailable';

export interface ExtractedItem {
  itemCode: string;
  itemVersion: number;
  providerId: string;
  outcome: ItemOutcome;
  /** Only the fields the service is approved for. */
  fields: Record<string, unknown>;
  /** Yes/no answers to the service's parameterless checks on this item. */
  checks: { predicate: string; answer: boolean | null }[];
}

export interface LookupResult {
  accessId: string;
  result: 'complete' | 'partial';
  personId: string;
  serviceCode: string;
  items: ExtractedItem[];
}

export interface CheckResult {
  accessId: string;
  predicate: string;
  itemCode: string;
  /** Null when the registry holds no record or the provider did not answer. */
  answer: boolean | null;
  outcome: ItemOutcome;
}
