/**
 * The Huawei Cloud ModelArts DevServer API on loopback: SDK-HMAC-SHA256 signature and date-window checks, the
 * cloud's error JSON with `X-Request-Id`, offset/limit paging, and a seeded fleet. One server serves every region;
 * the project ID in the path says which, as each Huawei project belongs to one region.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NAME_PATTERN, SUBNET_PATTERN } from '../providers/huawei/create-rules.js';
import { parseSdkHmacAuthorization, sdkHmacCanonicalRequest, sdkHmacStringToSign } from '../providers/huawei/sign.js';
import type { HyperClusterKind, WireHyperCluster, WirePage, WireServer } from '../providers/huawei/wire.js';
import { hmacSha256Hex, parseQueryPairs, sameSignature, sha256Hex } from '../providers/signing.js';
import { headerPairs } from './http.js';
import { Random } from './random.js';
import { Transitions } from './transitions.js';
import { ApiError, Simulator, type Answer, type CloudDialect, type Incoming, type SimulatorOptions } from './simulator.js';
import { generateHuaweiFleet, type HuaweiFleetOptions, type HuaweiRegionFleet, type SimHyperCluster } from './huawei-fleet.js';

export interface HuaweiSimulatorCredentials {
  ak: string;
  sk: string;
  /** Temporary credentials: every request must carry this in a signed `X-Security-Token`. */
  securityToken?: string | undefined;
}

export interface HuaweiSimulatorOptions extends SimulatorOptions {
  fleet?: HuaweiFleetOptions;
  credentials: HuaweiSimulatorCredentials[];
}

const DATE_WINDOW_MS = 15 * 60 * 1000;


interface Call {
  fleet: HuaweiRegionFleet;
  params: URLSearchParams;
  ids: string[];
  body: string;
}

interface Route {
  method: string;
  pattern: RegExp;
  operation: string;
  run: (call: Call) => { status?: number; body?: unknown };
}

const NOT_FOUND = (what: string, id: string) => new ApiError(404, 'ModelArts.6404', `The ${what} ${id} does not exist.`);
const INVALID = (message: string) => new ApiError(400, 'ModelArts.0101', message);

/** What a server shows while an action runs, once it is done or has failed, and the statuses it may start from. */
const SERVER_ACTIONS = {
  start: { during: 'STARTING', after: 'RUNNING', failed: 'START_FAILED', from: ['STOPPED', 'START_FAILED', 'ERROR'] },
  stop: { during: 'STOPPING', after: 'STOPPED', failed: 'STOP_FAILED', from: ['RUNNING', 'STOP_FAILED', 'REBOOT_FAILED', 'ERROR'] },
  reboot: { during: 'REBOOTING', after: 'RUNNING', failed: 'REBOOT_FAILED', from: ['RUNNING', 'REBOOT_FAILED', 'ERROR'] },
} as const;
/** A server action its status does not allow. */
export const STATUS_CONFLICT = 'ModelArts.6411';
const SEGMENT = '([^/]+)';

export class HuaweiSimulator extends Simulator {
  /** Every call received, faulted ones included, per operation. */
  readonly fleet: Map<string, HuaweiRegionFleet>;
  private readonly regionByProject = new Map<string, string>();
  private readonly now: () => number;
  private readonly routes: Route[];
  private readonly transitions = new Transitions<WireServer>();
  /** Share of actions that fail; tests may change it. */
  failureRate: number;
  /** How long an action takes, in ms; tests may change it. */
  actionDurationMs: number;
  private readonly draws: Random;

  constructor(private readonly options: HuaweiSimulatorOptions) {
    super('Huawei', options.faults, options.port);
    this.fleet = generateHuaweiFleet(options.fleet);
    for (const [region, fleet] of this.fleet) this.regionByProject.set(fleet.projectId, region);
    this.now = options.now ?? Date.now;
    this.failureRate = options.failureRate ?? 0;
    this.actionDurationMs = options.actionDurationMs ?? 2_000;
    this.draws = new Random(`${options.fleet?.seed ?? 1}:huawei:actions`);
    this.routes = [
      { method: 'GET', pattern: /^\/dev-servers\/hyper-clusters$/, operation: 'ListHyperCluster', run: listHyperClusters },
      { method: 'GET', pattern: new RegExp(`^/dev-servers/hyper-clusters/${SEGMENT}$`), operation: 'ShowHyperCluster', run: showHyperCluster },
      { method: 'GET', pattern: /^\/dev-servers\/hyperinstance$/, operation: 'ListHyperInstances', run: listSupernodes },
      { method: 'GET', pattern: new RegExp(`^/dev-servers/hyperinstance/${SEGMENT}$`), operation: 'ShowHyperInstance', run: showSupernode },
      { method: 'POST', pattern: /^\/dev-servers\/hyper-clusters$/, operation: 'CreateHyperCluster', run: createHyperCluster },
      { method: 'DELETE', pattern: new RegExp(`^/dev-servers/hyper-clusters/${SEGMENT}$`), operation: 'DeleteHyperCluster', run: deleteHyperCluster },
      { method: 'GET', pattern: /^\/dev-servers$/, operation: 'ListDevServers', run: listServers },
      ...(['start', 'stop', 'reboot'] as const).map((action) => ({
        method: 'PUT',
        pattern: new RegExp(`^/dev-servers/${SEGMENT}/${action}$`),
        operation: `${action[0]!.toUpperCase()}${action.slice(1)}DevServer`,
        run: (call: Call) => this.serverAction(action, call),
      })),
      { method: 'GET', pattern: new RegExp(`^/dev-servers/${SEGMENT}$`), operation: 'ShowDevServer', run: showServer },
    ];
  }

  get regions(): string[] {
    return [...this.fleet.keys()];
  }

  /** The operations this endpoint answers, so tests can tell that each one is covered. */
  get operations(): string[] {
    return this.routes.map((route) => route.operation);
  }

  /** `region=projectId` for every region served, as HUAWEICLOUD_SDK_PROJECT_ID takes it. */
  get projectIds(): Record<string, string> {
    return Object.fromEntries([...this.fleet].map(([region, fleet]) => [region, fleet.projectId]));
  }

  protected readonly dialect: CloudDialect = {
    requestIdHeader: 'x-request-id',
    newRequestId: () => randomUUID().replace(/-/g, ''),
    tooLarge: () => new ApiError(413, 'APIG.0201', 'Request entity too large.'),
    // Any 5xx will do: the gateway goes by the status. APIG.0308 is the cloud's throttling code.
    unavailable: () => new ApiError(503, 'APIG.0202', 'Backend unavailable.'),
    throttled: () => new ApiError(429, 'APIG.0308', 'The request is throttled.'),
    errorBody: (_requestId, error) => ({ error_code: error.code, error_msg: error.message }),
  };

  /** The operation is the route of `/v1/{project_id}/...` that the method and path match. */
  protected identify(req: IncomingMessage): Incoming {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const route = this.routeOf(req, url);
    return { url, counted: route?.route.operation ?? `${req.method} ${url.pathname}`, logged: route?.route.operation ?? '' };
  }

  private routeOf(req: IncomingMessage, url: URL): { project: string; rest: string; route: Route } | undefined {
    const match = /^\/v1\/([^/]+)(\/.*)$/.exec(url.pathname);
    const route = match ? this.routes.find((r) => r.method === req.method && r.pattern.test(match[2]!)) : undefined;
    return match && route ? { project: match[1]!, rest: match[2]!, route } : undefined;
  }

  protected answer(req: IncomingMessage, { url }: Incoming, body: string): Answer {
    const found = this.routeOf(req, url);
    if (!found) throw new ApiError(404, 'APIG.0101', 'The API does not exist or has not been published in the environment.');
    const region = this.regionByProject.get(decodeURIComponent(found.project));
    if (!region) throw new ApiError(401, 'APIG.0301', 'Incorrect IAM authentication information: project id mismatch.');
    const ids = found.route.pattern.exec(found.rest)!.slice(1).map(decodeURIComponent);
    this.transitions.settle(this.now());
    return found.route.run({ fleet: this.fleet.get(region)!, params: url.searchParams, ids, body });
  }

  /** Moves the server into the action's running status; it settles after a while. */
  private serverAction(action: keyof typeof SERVER_ACTIONS, { fleet, ids: [id] }: Call) {
    const server = fleet.serverById.get(id!);
    if (!server) throw NOT_FOUND('dev server', id!);
    const { during, after, failed, from } = SERVER_ACTIONS[action];
    if (!(from as readonly string[]).includes(server.status ?? '')) {
      throw new ApiError(409, STATUS_CONFLICT, `The dev server ${server.id} is ${server.status}; ${action} is not allowed in this status.`);
    }
    const settled = this.draws.next() < this.failureRate ? failed : after;
    server.status = during;
    this.transitions.start(server, this.now(), this.actionDurationMs, () => {
      server.status = settled;
      server.update_at = this.now();
    });
    return { body: { id: server.id, status: server.status } };
  }

  protected verifySignature(req: IncomingMessage, url: URL, body: string): void {
    const auth = parseSdkHmacAuthorization(String(req.headers.authorization ?? ''));
    const refuse = (why: string) => new ApiError(401, 'APIG.0301', `Incorrect IAM authentication information: ${why}.`);
    if (!auth) throw refuse('Authorization header is missing or malformed');
    const dateHeader = String(req.headers['x-sdk-date'] ?? '');
    if (!auth.signedHeaders.includes('x-sdk-date') || !/^\d{8}T\d{6}Z$/.test(dateHeader)) throw refuse('X-Sdk-Date is missing or unsigned');
    const signedAt = Date.parse(
      `${dateHeader.slice(0, 4)}-${dateHeader.slice(4, 6)}-${dateHeader.slice(6, 8)}T${dateHeader.slice(9, 11)}:${dateHeader.slice(11, 13)}:${dateHeader.slice(13, 15)}Z`,
    );
    if (Number.isNaN(signedAt) || Math.abs(this.now() - signedAt) > DATE_WINDOW_MS) throw refuse('the request has expired');
    const credentials = this.options.credentials.find((c) => c.ak === auth.accessKeyId);
    if (!credentials) throw refuse('ak not found');
    const signed = new Set(auth.signedHeaders);
    const unsigned = String(req.headers['x-sdk-content-sha256'] ?? '') === 'UNSIGNED-PAYLOAD';
    const { canonical } = sdkHmacCanonicalRequest({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: parseQueryPairs(url.search),
      headers: headerPairs(req).filter(([name]) => signed.has(name.toLowerCase())),
      bodyHash: unsigned ? 'UNSIGNED-PAYLOAD' : sha256Hex(body),
    });
    const expected = hmacSha256Hex(credentials.sk, sdkHmacStringToSign(dateHeader, canonical));
    if (!sameSignature(expected, auth.signature)) throw refuse('verify aksk signature fail');
    const token = req.headers['x-security-token'];
    if (token !== credentials.securityToken || (token !== undefined && !signed.has('x-security-token'))) {
      throw refuse('the security token does not belong to the ak');
    }
  }
}

function clusterKind(params: URLSearchParams): HyperClusterKind {
  const type = params.get('type') || 'HPS';
  if (type !== 'HPS' && type !== 'ECS') throw new ApiError(400, 'ModelArts.0101', `Invalid parameter type: ${type}.`);
  return type;
}

const publicCluster = ({ type: _type, ...cluster }: SimHyperCluster): WireHyperCluster => structuredClone(cluster);

function listHyperClusters({ fleet, params }: Call) {
  const kind = clusterKind(params);
  return { body: { hyper_clusters: fleet.hyperClusters.filter((c) => c.type === kind).map(publicCluster) } };
}

function showHyperCluster({ fleet, params, ids: [id] }: Call) {
  const kind = clusterKind(params);
  const cluster = fleet.hyperClusters.find((c) => c.id === id && c.type === kind);
  if (!cluster) throw NOT_FOUND('hyper cluster', id!);
  return { body: publicCluster(cluster) };
}

/** `limit` (default 10, at most 1024) items from `offset`, with the cloud's page bookkeeping. */
function paged<T>(items: readonly T[], params: URLSearchParams, minLimit: number): { body: WirePage<T> } {
  const limit = integer(params, 'limit', 10, minLimit, 1024);
  const offset = integer(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const data = items.slice(offset, offset + limit).map((item) => structuredClone(item));
  return {
    body: {
      current: limit > 0 ? Math.floor(offset / limit) + 1 : 1,
      pages: limit > 0 ? Math.ceil(items.length / limit) : 0,
      size: data.length,
      total: items.length,
      data,
    },
  };
}

function integer(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ApiError(400, 'ModelArts.0101', `Invalid parameter ${name}: must be an integer from ${min} to ${max}.`);
  }
  return value;
}

function createHyperCluster({ fleet, body }: Call) {
  let request: { name?: unknown; hyper_cluster_subnet_id?: unknown; type?: unknown };
  try {
    request = JSON.parse(body || '{}') as typeof request;
  } catch {
    throw INVALID('The request body is not JSON.');
  }
  const { name, hyper_cluster_subnet_id: subnet, type = 'HPS' } = request;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) throw INVALID('Invalid parameter name.');
  if (subnet !== undefined && (typeof subnet !== 'string' || !SUBNET_PATTERN.test(subnet))) throw INVALID('Invalid parameter hyper_cluster_subnet_id.');
  if (type !== 'HPS' && type !== 'ECS') throw INVALID('Invalid parameter type.');
  if (fleet.hyperClusters.some((c) => c.name === name)) throw new ApiError(400, 'ModelArts.6409', `The hyper cluster ${name} already exists.`);
  const cluster: SimHyperCluster = {
    type,
    id: randomUUID(),
    name,
    network_info: [{ hyper_cluster_subnet_id: (subnet as string | undefined) ?? randomUUID(), is_default: true }],
  };
  fleet.hyperClusters.push(cluster);
  return { body: publicCluster(cluster) };
}

function deleteHyperCluster({ fleet, params, ids: [id] }: Call) {
  const kind = clusterKind(params);
  const index = fleet.hyperClusters.findIndex((c) => c.id === id && c.type === kind);
  if (index < 0) throw NOT_FOUND('hyper cluster', id!);
  if (fleet.supernodes.some((s) => s.hps_cluster_id === id)) {
    throw new ApiError(400, 'ModelArts.6410', `The hyper cluster ${id} still holds supernodes.`);
  }
  fleet.hyperClusters.splice(index, 1);
  return { status: 204 };
}

function listSupernodes({ fleet, params }: Call) {
  return paged(fleet.supernodes, params, 1);
}

function showSupernode({ fleet, ids: [id] }: Call) {
  const supernode = fleet.supernodeById.get(id!);
  if (!supernode) throw NOT_FOUND('hyperinstance', id!);
  return { body: structuredClone(supernode) };
}

function listServers({ fleet, params }: Call) {
  return paged(fleet.allServers(), params, 0);
}

function showServer({ fleet, ids: [id] }: Call) {
  const server = fleet.serverById.get(id!);
  if (!server) throw NOT_FOUND('dev server', id!);
  return { body: structuredClone(server) };
}
