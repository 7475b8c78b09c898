// The emulator's HTTP server: logs each request, applies faults, then routes to the deployment API, the SCA
// API, the promotions API, a page or a feed download. It binds to loopback only — it accepts any key when
// configured to, and must never be reachable from another machine.
import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import { API_KEY_PLACES, authorize } from './auth.js';
import type { AuthPolicy } from './auth.js';
import { handleBuildPage, isBuildPagePath } from './build-page.js';
import { Catalog } from './catalog.js';
import { CONTROL_PREFIX, handleControl } from './control.js';
import { handleDeploymentApi, isDeploymentApiPath } from './deployment-api.js';
import { handleDownload } from './downloads.js';
import { EDITION_HEADER, EditionController, EDITIONS, isEdition } from './edition.js';
import type { Edition } from './edition.js';
import { handlePackagePage, isPackagePagePath } from './package-page.js';
import { sendText } from './exchange.js';
import type { Exchange } from './exchange.js';
import { FaultController } from './faults.js';
import { handlePromotionsApi, PROMOTIONS_API_PREFIX } from './promotions.js';
import type { PromotionsContext } from './promotions.js';
import { handleScaApi, SCA_API_PREFIX } from './sca-api.js';
import { ScaStore } from './sca-store.js';
import type {
  Emulator,
  EmulatorOptions,
  FaultPlan,
  RequestLogEntry,
  StoredDeployment,
  StoredPromotion,
} from './types.js';

/**
 * ProGet names its version in an X-ProGet-Version header on its responses, as four numbers: the docs show
 * `X-ProGet-Version: 23.0.22.6` (https://docs.inedo.com/docs/proget/api/assets/files/download), and pgutil
 * reads the header in its errors and prints it as 20{major}.{build} (Inedo/pgutil, ProGetClient.cs). This
 * stands for ProGet 2025.10; its last number (the build) is made up.
 */
export const DEFAULT_PROGET_VERSION = '25.0.10.5';

/** 127.0.0.0/8, ::1 and "localhost"; anything else could expose the emulator beyond this machine. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return /^(0{0,4}:){2,7}0{0,3}1$|^::1$/.test(bare);
  return false;
}

/** Everything one emulator holds: what it stored, what it was asked, and how it answers. */
interface EmulatorState {
  deployments: StoredDeployment[];
  requests: RequestLogEntry[];
  promotions: StoredPromotion[];
  faults: FaultController;
  edition: EditionController;
  sca: ScaStore;
  catalog: Catalog;
  /** What the API handlers share: the stores and how a request is authenticated. */
  api: PromotionsContext;
  delays: Delays;
  /** The X-ProGet-Version header, or null for none. */
  version: string | null;
}

/** Latency faults' waits, which close() ends at once (each then resolves false and its request is dropped). */
class Delays {
  private readonly pending = new Map<NodeJS.Timeout, (completed: boolean) => void>();

  wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  cancelAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve(false);
    }
    this.pending.clear();
  }
}

function initialState(options: EmulatorOptions): EmulatorState {
  const version = options.proGetVersion === undefined ? DEFAULT_PROGET_VERSION : options.proGetVersion;
  const apiKeys = [...(options.apiKeys ?? [])];
  const policy: AuthPolicy = { apiKeys, anonymous: options.anonymous ?? apiKeys.length === 0 };
  const now = options.now ?? Date.now;
  if (options.edition !== undefined && !isEdition(options.edition)) {
    throw new TypeError(`edition must be one of ${EDITIONS.join(', ')}; got "${String(options.edition)}"`);
  }
  const stores = {
    deployments: [] as StoredDeployment[],
    promotions: [] as StoredPromotion[],
    faults: new FaultController(options.faults ?? {}),
    edition: new EditionController(options.edition ?? 'enterprise', now),
    catalog: new Catalog(options.feeds),
  };
  const api: PromotionsContext = {
    ...stores,
    authenticate(ex, places = API_KEY_PLACES, bodyKey) {
      const result = authorize(ex.req, ex.url.searchParams, policy, places, bodyKey);
      if (result.ok) return result.method;
      sendText(ex, result.status, result.body, result.headers);
      return undefined;
    },
  };
  return {
    ...stores,
    requests: [],
    sca: new ScaStore(options.sca, now),
    api,
    delays: new Delays(),
    version,
  };
}

/** One request: control endpoints first (unlogged, never faulted), then faults, then the route it names. */
async function dispatch(ex: Exchange, state: EmulatorState): Promise<void> {
  const { req, url } = ex;
  const { faults } = state;
  if (!ex.log) {
    return handleControl(ex, {
      deployments: state.deployments,
      requests: state.requests,
      setFaults: (plan) => faults.set(plan),
      sca: state.sca,
      promotions: state.promotions,
      edition: state.edition,
    });
  }

  if (faults.latencyMs > 0 && !(await state.delays.wait(faults.latencyMs))) return;
  const fault = faults.next(url.pathname);
  switch (fault.kind) {
    case 'reset':
      // An RST rather than a FIN, so the client sees ECONNRESET as it would from a crashed proxy.
      req.socket.resetAndDestroy();
      return;
    case 'hang':
      // Never answered; close() ends the socket (closeAllConnections), or the client gives up.
      return;
    case 'fail':
      return sendText(ex, fault.status, fault.body, fault.headers);
    case 'none':
      break;
  }

  if (isDeploymentApiPath(url.pathname)) return handleDeploymentApi(ex, state.api);
  if (url.pathname.startsWith(SCA_API_PREFIX)) return handleScaApi(ex, state.api, state.sca, state.edition);
  if (url.pathname.startsWith(PROMOTIONS_API_PREFIX)) return handlePromotionsApi(ex, state.api);
  if (isPackagePagePath(url.pathname)) return handlePackagePage(ex, state.deployments);
  if (isBuildPagePath(url.pathname)) return handleBuildPage(ex, state.sca);
  return handleDownload(ex, state.api);
}

function serverFor(state: EmulatorState): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const ex: Exchange = { req, res, url };
    // On every response, control endpoints and injected faults included (writeHead merges them in). A proxy
    // that strips one strips both, so proGetVersion: null leaves both out.
    if (state.version !== null) {
      res.setHeader('x-proget-version', state.version);
      res.setHeader('x-proget-edition', EDITION_HEADER[state.edition.edition]);
    }
    if (!url.pathname.startsWith(CONTROL_PREFIX)) {
      // Logged on arrival, so the log is in arrival order; the status is filled in when one is sent.
      ex.log = { method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers }, status: 0 };
      state.requests.push(ex.log);
    }
    dispatch(ex, state).catch((error: unknown) => {
      // ProGet answers an unexpected error with 500 and its message; mirror that rather than crash the test.
      if (res.headersSent) return void res.destroy();
      sendText(ex, 500, error instanceof Error ? error.message : String(error));
    });
  });
}

/** Listens on the loopback host and port (0: any free one); resolves the base URL clients use. */
async function listen(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The emulator has no TCP address.');
  const urlHost =
    isIP(address.address) === 6 ? `[${address.address}]` : host === 'localhost' ? host : address.address;
  return `http://${urlHost}:${address.port}`;
}

/** What a test or the demo holds: the stores to read, and the controls. */
function handleFor(state: EmulatorState, server: Server, url: string): Emulator {
  const { deployments, requests, promotions, faults, sca, catalog, edition } = state;
  let closed: Promise<void> | undefined;
  return {
    url,
    deployments,
    requests,
    sca,
    promotions,
    get edition() {
      return edition.edition;
    },
    setEdition(value: Edition) {
      edition.set(value);
    },
    resetComplianceActions() {
      edition.resetActions();
    },
    setFaults(plan: FaultPlan) {
      faults.set(plan);
    },
    reset() {
      deployments.length = 0;
      requests.length = 0;
      promotions.length = 0;
      faults.set({});
      sca.reset();
      catalog.reset();
      edition.reset();
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        state.delays.cancelAll();
        server.close(() => resolve());
        // Idle keep-alive sockets, hung requests and downloads in progress would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new Error(`The ProGet emulator only listens on loopback addresses, not "${host}".`);
  }
  const state = initialState(options);
  const server = serverFor(state);
  return handleFor(state, server, await listen(server, host, options.port ?? 0));
}
