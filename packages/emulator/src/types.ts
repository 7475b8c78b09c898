// The emulator's public types. Other packages' tests, the demo and the benchmark code against these names,
// so they are a contract: change them only together with every caller.
import type { FeedType } from '@proget-deploy/core';
import type { Edition } from './edition.js';
import type { EmulatorScaOptions, ScaStore } from './sca-store.js';

/** A package a feed knows about. Only `size` affects what a download serves. */
export interface EmulatorPackage {
  group?: string;
  name: string;
  version: string;
  /** Bytes served on download; default 1024 (DEFAULT_PACKAGE_SIZE). */
  size?: number;
}

export interface EmulatorFeed {
  /** A feed type of core's feed-type table, whose download routes the emulator serves. */
  type: FeedType;
  /** When given, only these packages exist in the feed (API → 400, download → 404 for anything else). */
  packages?: EmulatorPackage[];
}

/**
 * Misbehaviour to inject, so clients' retry, timeout and error paths can be tested against a real socket.
 * Applied to every request but the /__emulator/* control endpoints (the deployment API, the SCA API, the
 * promotions API, downloads and pages), in this order:
 * latency, then the resetFirst / hangFirst / failFirst counters (consumed in that order), then failRate.
 */
export interface FaultPlan {
  /** Added before every API/download response. */
  latencyMs?: number;
  /**
   * The next `count` requests fail with this status (and optional Retry-After / body / content type); with
   * `path`, only requests whose path starts with it count and fail (one endpoint failing while the others work).
   */
  failFirst?: {
    count: number;
    status: number;
    retryAfter?: string;
    body?: string;
    contentType?: string;
    path?: string;
  };
  /** Deterministic pseudo-random failures (mulberry32 seeded with `seed`, default 1). */
  failRate?: { rate: number; status: number; seed?: number; retryAfter?: string };
  /** The next N requests: the socket is reset without a response (ECONNRESET on the client). */
  resetFirst?: number;
  /** The next N requests: never answered, until the client gives up or the emulator closes. */
  hangFirst?: number;
  /** Downloads send the full Content-Length, then cut the connection half way through the body. */
  truncateDownloads?: boolean;
}

export interface EmulatorOptions {
  /** Default '127.0.0.1'. Only loopback addresses are allowed: anything else throws. */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Valid keys. If non-empty, a key not in the list → 403. If empty, any key is accepted. */
  apiKeys?: string[];
  /**
   * Whether a request without a key is accepted. Default: only when `apiKeys` is empty, since a key given
   * means a key required (as on a ProGet server that has keys and no anonymous access). false → a request
   * without a key gets 401 with a Basic challenge.
   */
  anonymous?: boolean;
  /** When non-empty, only these feeds exist (unknown FeedName → 404 "Feed name cannot be found"). */
  feeds?: Record<string, EmulatorFeed>;
  faults?: FaultPlan;
  /**
   * The X-ProGet-Version header sent on every response, in ProGet's four-part form (`25.0.10.5` is ProGet
   * 2025.10). Default DEFAULT_PROGET_VERSION; null sends no header, like a proxy that strips it.
   */
  proGetVersion?: string | null;
  /** SCA projects, stages, the keys the SCA API accepts, and verdicts set in advance. */
  sca?: EmulatorScaOptions;
  /**
   * The ProGet edition whose licence limits apply (docs, "License Restrictions"): 'free' has no SCA API and
   * no package promotion (500 with a text); 'basic' allows ten compliance actions (promote-build,
   * audit-build) per hour, then 429 with Retry-After; 'enterprise' (the default) has no limit. Sent as
   * X-ProGet-Edition (Free, Basic, Enterprise).
   */
  edition?: Edition;
  /**
   * The clock (milliseconds since the epoch) for Basic's hour, analysis dates, promotion dates and issue
   * dates; default Date.now. A test moves it to let the hour pass.
   */
  now?: () => number;
}

/**
 * The properties of a deployment record, named exactly as ProGet documents them. Deliberately not core's
 * DeploymentRecord: the emulator models ProGet on its own, so a misnamed property in the client fails the tests
 * instead of being shared by both sides. Date is always set here: a stored record gets the time it arrived.
 */
export interface DeploymentRecord {
  Application: string;
  Description: string;
  Target: string;
  FeedName: string;
  PackageName: string;
  Version: string;
  GroupName?: string;
  UserName?: string;
  Url?: string;
  Date: string;
}

export interface StoredDeployment {
  /** 'api': POST /api/package-deployment; 'download': a feed download carrying X-ProGet-Deployment-* headers. */
  source: 'api' | 'download';
  /**
   * Where the API key came from ('anonymous' when none was sent): the X-ApiKey header, the `key` query
   * value, the `key` form value, the `API_Key` JSON property, basic auth `api:KEY`, or a Bearer token.
   */
  auth: 'header' | 'query' | 'form' | 'json' | 'basic' | 'bearer' | 'anonymous';
  /**
   * The properties received, under ProGet's names whatever casing was sent (Date defaulted to the current
   * ISO time when absent).
   */
  record: DeploymentRecord;
  /** Body properties that are not part of a PackageDeployment, as sent; ProGet ignores them. Absent when none. */
  ignoredProperties?: string[];
  /** The request's Content-Type, for api records. */
  contentType?: string;
  receivedAt: string;
}

/** A package promotion received by POST /api/promotions/promote, as the promotions list shows it. */
export interface StoredPromotion {
  /** 1, 2, …: the promotion's id in the list. */
  id: number;
  /** The group as stored: an npm scope always with its "@". Absent when none was sent. */
  group?: string;
  name: string;
  version: string;
  /** upack, nuget, npm or maven: the feed's type; "upack" when no feeds are configured. */
  packageType: string;
  /** The feeds under their configured names (as sent when no feeds are configured). */
  fromFeed: string;
  toFeed: string;
  /** UTC, "yyyy-MM-ddThh:mm:ss", as the Query Package Promotions page gives it. */
  date: string;
  /** "SYSTEM", as ProGet notes a promotion made through the API. */
  user: string;
  comments?: string;
  /** Where the API key came from, as for deployments. */
  auth: StoredDeployment['auth'];
  /** Body properties that are not part of a PromotePackageInput, as sent. Absent when none. */
  ignoredProperties?: string[];
  contentType?: string;
}

export interface RequestLogEntry {
  method: string;
  /** The request target as received: path and query string. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The status sent; 0 when the request was reset or hung (or is still unanswered). */
  status: number;
}

export interface Emulator {
  /** 'http://127.0.0.1:PORT', no trailing slash. */
  readonly url: string;
  /** Live array, in arrival order. */
  readonly deployments: StoredDeployment[];
  /** Every API/download request answered or dropped, in arrival order (control endpoints are not logged). */
  readonly requests: RequestLogEntry[];
  /** SCA projects with their builds (stage, packages, comments), the stages, and the verdicts set. */
  readonly sca: ScaStore;
  /** Live array of package promotions, in arrival order. */
  readonly promotions: StoredPromotion[];
  /** The edition in force. */
  readonly edition: Edition;
  /** Changes the edition; Basic's hour starts afresh. */
  setEdition(edition: Edition): void;
  /** Forgets the compliance actions counted for ProGet Basic, as if the hour had passed. */
  resetComplianceActions(): void;
  /** Replaces the fault plan and restarts its counters and PRNG. */
  setFaults(plan: FaultPlan): void;
  /**
   * Clears deployments, requests, faults, promotions (and the packages they added to feeds) and SCA builds;
   * SCA verdicts and the edition go back to the configured ones (the arrays are emptied in place, so
   * references stay live).
   */
  reset(): void;
  /** Stops listening and ends hung requests and kept-alive sockets promptly. */
  close(): Promise<void>;
}
