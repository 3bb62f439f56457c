/**
 * The Alibaba Cloud eflo-controller API on loopback: ACS3 signature, date window and nonce checks, the cloud's
 * error JSON, MaxResults/NextToken paging, and a seeded fleet. One server serves every region, chosen by the
 * request's `RegionId`, because the gateway's endpoint override points all regions at one URL.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { acs3CanonicalRequest, acs3Signature, parseAcs3Authorization } from '../providers/alibaba/sign.js';
import { API_VERSION } from '../providers/alibaba/wire.js';
import { parseQueryPairs, sameSignature, sha256Hex } from '../providers/signing.js';
import {
  generateAlibabaFleet,
  type AlibabaFleetOptions,
  type AlibabaRegionFleet,
  type SimCluster,
  type SimFreeNode,
  type SimHyperNode,
  type SimNode,
} from './alibaba-fleet.js';
import { ApiError, Simulator, type Answer, type CloudDialect, type Incoming, type SimulatorOptions } from './simulator.js';
import { Transitions } from './transitions.js';
import { describeTaskAnswer, newTaskId, type SimTask } from './alibaba-tasks.js';
import { Random } from './random.js';
import { headerPairs, SeenWithin } from './http.js';

export interface SimulatorCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** Temporary (STS) credentials: every request must carry this in a signed `x-acs-security-token`. */
  securityToken?: string | undefined;
}

export type HyperNodeReadApi = 'DescribeHyperNode' | 'GetHyperNode';

export interface AlibabaSimulatorOptions extends SimulatorOptions {
  fleet?: AlibabaFleetOptions;
  credentials: SimulatorCredentials[];
  /** The hypernode reads this endpoint offers; an older endpoint has only GetHyperNode. */
  hyperNodeApis?: readonly HyperNodeReadApi[];
}

const DATE_WINDOW_MS = 15 * 60 * 1000;
const REQUIRED_SIGNED = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];


type Params = Map<string, string>;
type Action = (fleet: AlibabaRegionFleet, params: Params, region: string) => unknown;

/** What a node shows while an operation runs, once it is done, and the states that refuse it. */
const NODE_OPERATIONS = {
  // A stopped node comes back with RebootNodes (there is no StartNodes), so only a node under an operation refuses.
  RebootNodes: { during: 'Operating', after: 'Using', type: 'reboot_node', refusedIn: ['Operating', 'ClusterNodeStopping', 'UnusedNodeStopping', 'Extending', 'Cutting', 'Replacing', 'ReleaseLocking', 'ClusterNodeRecovering', 'UnusedNodeRecovering'] },
  StopNodes: { during: 'ClusterNodeStopping', after: 'ClusterNodeStopped', type: 'stop_node', refusedIn: ['ClusterNodeStopped', 'UnusedNodeStopped', 'Operating', 'ClusterNodeStopping', 'UnusedNodeStopping', 'Extending', 'Cutting', 'Replacing', 'ReleaseLocking'] },
} as const;

export class AlibabaSimulator extends Simulator {
  /** Every call received, faulted ones included, per action. */
  readonly fleet: Map<string, AlibabaRegionFleet>;
  private readonly nonces = new SeenWithin(DATE_WINDOW_MS);
  private readonly now: () => number;
  private readonly actions: Record<string, Action>;
  private readonly transitions = new Transitions<SimNode>();
  /** Tasks by TaskId, as DescribeTask shows them. */
  readonly tasks = new Map<string, SimTask>();
  /** Share of operations that fail; tests may change it. */
  failureRate: number;
  /** How long an action takes, in ms; tests may change it. */
  actionDurationMs: number;
  private readonly draws: Random;

  constructor(private readonly options: AlibabaSimulatorOptions) {
    super('Alibaba', options.faults, options.port);
    this.fleet = generateAlibabaFleet(options.fleet);
    this.now = options.now ?? Date.now;
    this.failureRate = options.failureRate ?? 0;
    this.actionDurationMs = options.actionDurationMs ?? 2_000;
    this.draws = new Random(`${options.fleet?.seed ?? 1}:alibaba:tasks`);
    const hyperNodeApis = options.hyperNodeApis ?? ['DescribeHyperNode', 'GetHyperNode'];
    this.actions = {
      ListHyperNodes: listHyperNodes,
      ListClusterHyperNodes: listClusterHyperNodes,
      DescribeNode: describeNode,
      ListClusterNodes: listClusterNodes,
      ListFreeNodes: listFreeNodes,
      DescribeCluster: describeCluster,
      ListClusters: listClusters,
      RebootNodes: (fleet, params) => this.operateNodes('RebootNodes', fleet, params),
      StopNodes: (fleet, params) => this.operateNodes('StopNodes', fleet, params),
      DescribeTask: (_fleet, params) => this.describeTask(params),
    };
    if (hyperNodeApis.includes('DescribeHyperNode')) this.actions.DescribeHyperNode = (f, p) => hyperNodeAnswer(f, p, true);
    if (hyperNodeApis.includes('GetHyperNode')) this.actions.GetHyperNode = (f, p) => hyperNodeAnswer(f, p, false);
  }

  get regions(): string[] {
    return [...this.fleet.keys()];
  }

  /** The actions this endpoint answers, so tests can tell that each one is covered. */
  get operations(): string[] {
    return Object.keys(this.actions);
  }

  protected readonly dialect: CloudDialect = {
    requestIdHeader: 'x-acs-request-id',
    newRequestId: () => randomUUID().toUpperCase(),
    tooLarge: () => new ApiError(413, 'RequestEntityTooLarge', 'The request body is too large.'),
    unavailable: () => new ApiError(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'),
    throttled: () => this.throttled(),
    errorBody,
  };

  /** The action is the `x-acs-action` header; the region, `RegionId`. */
  protected identify(req: IncomingMessage): Incoming {
    const action = String(req.headers['x-acs-action'] ?? '');
    return { url: new URL(req.url ?? '/', 'http://simulator'), counted: action || '(none)', logged: action };
  }

  protected override refuseEarly(req: IncomingMessage): void {
    if (req.method !== 'POST' && req.method !== 'GET') throw new ApiError(405, 'UnsupportedHTTPMethod', 'Use POST.');
  }

  protected answer(req: IncomingMessage, { url, logged: action }: Incoming, body: string, requestId: string): Answer {
    const run = Object.hasOwn(this.actions, action) ? this.actions[action] : undefined;
    if (!run) throw new ApiError(404, 'InvalidApi.NotFound', `Specified api is not found, please check your url and method.`);
    if (req.headers['x-acs-version'] !== API_VERSION) {
      throw new ApiError(400, 'InvalidVersion', `Specified parameter Version is not valid.`);
    }
    const params: Params = new Map([...parseQueryPairs(url.search), ...parseQueryPairs(body)]);
    const region = params.get('RegionId') ?? this.onlyRegion();
    const fleet = this.fleet.get(region);
    if (!fleet) throw new ApiError(400, 'InvalidRegionId', `The specified RegionId "${region}" is not served.`);
    this.transitions.settle(this.now());
    const answer = run(fleet, params, region) as Record<string, unknown>;
    return { body: { RequestId: requestId, ...answer } };
  }

  /**
   * The region a request without `RegionId` means. The clouds' generated clients send none (the endpoint names the
   * region); one simulator serving several regions at one URL cannot tell which, and says so.
   */
  private onlyRegion(): string {
    if (this.fleet.size === 1) return this.regions[0]!;
    throw new ApiError(400, 'MissingRegionId', `RegionId is mandatory: this endpoint serves ${this.regions.join(', ')}.`);
  }

  /** Puts the nodes of the JSON `Nodes` list into the operation's running state; they settle after a while. */
  private operateNodes(operation: keyof typeof NODE_OPERATIONS, fleet: AlibabaRegionFleet, params: Params): unknown {
    const clusterId = operation === 'RebootNodes' ? required(params, 'ClusterId') : params.get('ClusterId');
    const ids = jsonList(params, 'Nodes');
    if (!ids || ids.length === 0) throw new ApiError(400, 'MissingNodes', 'Nodes is mandatory for this action.');
    const nodes = ids.map((id) => {
      const found = fleet.nodeById.get(id);
      if (!found && fleet.freeNodeById.has(id)) throw new ApiError(400, 'InvalidParameter.NodeNotInCluster', `The node ${id} is in no cluster.`);
      if (!found) throw new ApiError(404, 'InvalidNodeId.NotFound', `The specified node ${id} is not found.`);
      if (clusterId && found.hyperNode.ClusterId !== clusterId) {
        throw new ApiError(400, 'InvalidParameter.NodeNotInCluster', `The node ${id} is not in cluster ${clusterId}.`);
      }
      return found.node;
    });
    const { during, after, type, refusedIn } = NODE_OPERATIONS[operation];
    const busy = nodes.find((node) => (refusedIn as readonly string[]).includes(node.OperatingState));
    if (busy) {
      throw new ApiError(403, 'IncorrectNodeStatus', `The current status of node ${busy.NodeId} (${busy.OperatingState}) does not support this operation.`);
    }
    const durationMs = this.actionDurationMs;
    const fails = this.draws.next() < this.failureRate;
    const first = fleet.nodeById.get(ids[0]!)!.hyperNode;
    const task: SimTask = {
      TaskId: newTaskId(),
      TaskType: type,
      NodeIds: ids,
      ClusterId: first.ClusterId,
      ClusterName: first.ClusterName,
      createdAt: this.now(),
      durationMs,
      fails,
    };
    this.tasks.set(task.TaskId, task);
    for (const node of nodes) {
      const before = node.OperatingState;
      // A failed task leaves its first node as it was; the others finish.
      const settled = fails && node.NodeId === ids[0] ? before : after;
      node.OperatingState = during;
      node.Status = during;
      this.transitions.start(node, this.now(), durationMs, () => {
        node.OperatingState = settled;
        node.Status = settled;
      });
    }
    return { TaskId: task.TaskId };
  }

  private describeTask(params: Params): unknown {
    const id = required(params, 'TaskId');
    const task = this.tasks.get(id);
    if (!task) throw new ApiError(404, 'InvalidTaskId.NotFound', `The specified TaskId ${id} is not found.`);
    return describeTaskAnswer(task, this.now());
  }

  /** The cloud's flow-control answer, with the wait in `x-ratelimit-user-api` as the gateway reads it. */
  private throttled(): ApiError {
    const wait = this.faults.throttleWaitMs;
    return new ApiError(400, 'Throttling.User', 'Request was denied due to user flow control.', {
      'x-ratelimit-user-api': `Limit:10,Remain:0,TimeLeft:${wait},Reset:${this.now() + wait}`,
    });
  }

  protected verifySignature(req: IncomingMessage, url: URL, body: string): void {
    const auth = parseAcs3Authorization(String(req.headers.authorization ?? ''));
    if (!auth) throw new ApiError(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
    const missing = REQUIRED_SIGNED.filter((name) => !auth.signedHeaders.includes(name) || req.headers[name] === undefined);
    if (missing.length > 0) {
      throw new ApiError(400, 'IncompleteSignature', `The request signature is missing signed headers: ${missing.join(', ')}.`);
    }
    const credentials = this.options.credentials.find((c) => c.accessKeyId === auth.accessKeyId);
    if (!credentials) throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');

    const dateHeader = String(req.headers['x-acs-date']);
    const signedAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(dateHeader) ? Date.parse(dateHeader) : Number.NaN;
    if (Number.isNaN(signedAt)) throw new ApiError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    if (Math.abs(this.now() - signedAt) > DATE_WINDOW_MS) {
      throw new ApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }

    const bodyHash = sha256Hex(body);
    const signed = new Set(auth.signedHeaders);
    const { canonical } = acs3CanonicalRequest({
      method: req.method ?? 'POST',
      path: url.pathname,
      query: parseQueryPairs(url.search),
      headers: headerPairs(req).filter(([name]) => signed.has(name.toLowerCase())),
      bodyHash: String(req.headers['x-acs-content-sha256']),
    });
    const expected = acs3Signature(credentials.accessKeySecret, canonical);
    if (req.headers['x-acs-content-sha256'] !== bodyHash || !sameSignature(expected, auth.signature)) {
      throw new ApiError(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    }
    const token = req.headers['x-acs-security-token'];
    if (token !== credentials.securityToken || (token !== undefined && !signed.has('x-acs-security-token'))) {
      throw new ApiError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.');
    }
    if (this.nonces.checkAndAdd(String(req.headers['x-acs-signature-nonce']), this.now())) {
      throw new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    }
  }
}

function errorBody(requestId: string, error: ApiError) {
  return {
    RequestId: requestId,
    HostId: 'eflo-controller.aliyuncs.com',
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}`,
  };
}

function required(params: Params, name: string): string {
  const value = params.get(name);
  if (!value) throw new ApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);
  return value;
}

function jsonList(params: Params, name: string): string[] | undefined {
  const raw = params.get(name);
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed;
  } catch {
    // falls through to the error below
  }
  throw new ApiError(400, 'InvalidParameter', `The parameter ${name} is not a JSON list of strings.`);
}

/** A repeated parameter flattened as `Name.1`, `Name.2`, ... (RPC style); undefined when none is sent. */
function repeatedList(params: Params, name: string): string[] | undefined {
  const values: Array<[number, string]> = [];
  for (const [key, value] of params) {
    const match = new RegExp(`^${name}\\.(\\d{1,3})$`).exec(key);
    if (match) values.push([Number(match[1]), value]);
  }
  if (values.length === 0) return undefined;
  values.sort((a, b) => a[0] - b[0]);
  if (values.some(([index], i) => index !== i + 1)) {
    throw new ApiError(400, 'InvalidParameter', `The parameter ${name} must be numbered ${name}.1, ${name}.2, ... without gaps.`);
  }
  return values.map(([, value]) => value);
}

/** MaxResults below 20 means 20, above 100 means 100; NextToken is the opaque offset of the next page. */
function paged<T>(items: readonly T[], params: Params): { page: T[]; NextToken?: string; MaxResults: number } {
  const requested = Number(params.get('MaxResults') ?? 20);
  const size = Number.isFinite(requested) ? Math.min(100, Math.max(20, Math.trunc(requested))) : 20;
  const token = params.get('NextToken');
  let offset = 0;
  if (token) {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded) throw new ApiError(400, 'InvalidParameter.NextToken', 'The specified NextToken is not valid.');
    offset = Number(decoded[1]);
  }
  const page = items.slice(offset, offset + size);
  const nextOffset = offset + page.length;
  const NextToken = nextOffset < items.length ? Buffer.from(`o:${nextOffset}`).toString('base64url') : undefined;
  return { page, MaxResults: size, ...(NextToken ? { NextToken } : {}) };
}

function hyperNodeAnswer(fleet: AlibabaRegionFleet, params: Params, withOperatingState: boolean): unknown {
  const id = required(params, 'HyperNodeId');
  const hyperNode = fleet.hyperNodeById.get(id);
  if (!hyperNode) throw new ApiError(404, 'InvalidHyperNodeId.NotFound', `The specified HyperNodeId ${id} is not found.`);
  const state = (record: { OperatingState: string }) => (withOperatingState ? { OperatingState: record.OperatingState } : {});
  return {
    NodeGroupName: hyperNode.NodeGroupName,
    ClusterId: hyperNode.ClusterId,
    ClusterName: hyperNode.ClusterName,
    ZoneId: hyperNode.ZoneId,
    CreateTime: hyperNode.CreateTime,
    NodeGroupId: hyperNode.NodeGroupId,
    MachineType: hyperNode.MachineType,
    ExpireTime: hyperNode.ExpireTime,
    HpnZone: hyperNode.HpnZone,
    ResourceGroupId: hyperNode.ResourceGroupId,
    FileSystemMountEnabled: hyperNode.FileSystemMountEnabled,
    HyperNodeId: hyperNode.HyperNodeId,
    Nodes: hyperNode.Nodes.map((node) => ({
      NodeId: node.NodeId,
      ImageId: node.ImageId,
      Hostname: node.Hostname,
      Status: node.Status,
      ImageName: node.ImageName,
      Networks: { BondName: node.BondName, Ip: node.Ip },
      UserData: node.UserData,
      Disks: node.Disks.map((disk) => ({ ...disk })),
      ...state(node),
    })),
    Status: hyperNode.Status,
    Hostname: hyperNode.Hostname,
    ...state(hyperNode),
  };
}

function hyperNodeListItem(hyperNode: SimHyperNode) {
  return {
    HyperNodeId: hyperNode.HyperNodeId,
    ClusterId: hyperNode.ClusterId,
    ClusterName: hyperNode.ClusterName,
    CommodityCode: hyperNode.CommodityCode,
    CreateTime: hyperNode.CreateTime,
    ExpireTime: hyperNode.ExpireTime,
    Hostname: hyperNode.Hostname,
    HpnZone: hyperNode.HpnZone,
    MachineType: hyperNode.MachineType,
    NodeGroupId: hyperNode.NodeGroupId,
    NodeGroupName: hyperNode.NodeGroupName,
    OperatingState: hyperNode.OperatingState,
    Status: hyperNode.Status,
    ResourceGroupId: hyperNode.ResourceGroupId,
    ZoneId: hyperNode.ZoneId,
    Tags: [],
  };
}

function listHyperNodes(fleet: AlibabaRegionFleet, params: Params): unknown {
  const ids = jsonList(params, 'HyperNodeIds');
  const states = jsonList(params, 'OperatingStates');
  const equals = (name: string, value: string) => !params.get(name) || params.get(name) === value;
  const matching = (ids ? ids.flatMap((id) => fleet.hyperNodeById.get(id) ?? []) : fleet.hyperNodes).filter(
    (h) =>
      (!states || states.includes(h.OperatingState)) &&
      equals('HyperNodeId', h.HyperNodeId) &&
      equals('ClusterName', h.ClusterName) &&
      equals('ZoneId', h.ZoneId) &&
      equals('MachineType', h.MachineType) &&
      equals('HpnZone', h.HpnZone) &&
      equals('NodeGroupName', h.NodeGroupName) &&
      equals('ResourceGroupId', h.ResourceGroupId),
  );
  const { page, ...paging } = paged(matching, params);
  return { ...paging, HyperNodes: page.map(hyperNodeListItem) };
}

function clusterOf(fleet: AlibabaRegionFleet, params: Params): SimCluster {
  const id = required(params, 'ClusterId');
  const cluster = fleet.clusterById.get(id);
  if (!cluster) throw new ApiError(404, 'InvalidClusterId.NotFound', `The specified ClusterId ${id} is not found.`);
  return cluster;
}

function listClusterHyperNodes(fleet: AlibabaRegionFleet, params: Params): unknown {
  const cluster = clusterOf(fleet, params);
  const members = fleet.hyperNodes.filter((h) => h.ClusterId === cluster.ClusterId);
  const { page, ...paging } = paged(members, params);
  return { ...paging, HyperNodes: page.map(hyperNodeListItem) };
}

function nodeRecord(node: SimNode, hyperNode: SimHyperNode) {
  return {
    NodeId: node.NodeId,
    HyperNodeId: hyperNode.HyperNodeId,
    NodeGroupId: hyperNode.NodeGroupId,
    NodeGroupName: hyperNode.NodeGroupName,
    NodeType: 'HyperNode',
    OperatingState: node.OperatingState,
    Hostname: node.Hostname,
    Sn: node.Sn,
    MachineType: node.MachineType,
    ZoneId: hyperNode.ZoneId,
    HpnZone: hyperNode.HpnZone,
    ImageId: node.ImageId,
    ImageName: node.ImageName,
    CreateTime: hyperNode.CreateTime,
    ExpiredTime: hyperNode.ExpireTime,
    FileSystemMountEnabled: hyperNode.FileSystemMountEnabled,
  };
}

function network(node: SimNode) {
  return { BondName: node.BondName, Ip: node.Ip, ...(node.SubnetId ? { SubnetId: node.SubnetId } : {}), ...(node.VpdId ? { VpdId: node.VpdId } : {}) };
}

function describeNode(fleet: AlibabaRegionFleet, params: Params): unknown {
  const id = required(params, 'NodeId');
  const free = fleet.freeNodeById.get(id);
  if (free) {
    return {
      ...freeNodeRecord(free),
      NodeType: 'Node',
      Hostname: free.Hostname,
      ImageId: free.ImageId,
      ImageName: free.ImageName,
      UserData: free.UserData,
      Disks: free.Disks.map((disk) => ({ ...disk })),
      Networks: [],
    };
  }
  const found = fleet.nodeById.get(id);
  if (!found) throw new ApiError(404, 'InvalidNodeId.NotFound', `The specified NodeId ${id} is not found.`);
  const { node, hyperNode } = found;
  return {
    ...nodeRecord(node, hyperNode),
    ClusterId: hyperNode.ClusterId,
    ClusterName: hyperNode.ClusterName,
    ResourceGroupId: hyperNode.ResourceGroupId,
    UserData: node.UserData,
    Disks: node.Disks.map((disk) => ({ ...disk })),
    Networks: [network(node)],
  };
}

/** What ListFreeNodes gives of a node in no cluster. */
function freeNodeRecord(node: SimFreeNode) {
  return {
    NodeId: node.NodeId,
    Sn: node.Sn,
    MachineType: node.MachineType,
    OperatingState: node.OperatingState,
    ZoneId: node.ZoneId,
    HpnZone: node.HpnZone,
    ResourceGroupId: node.ResourceGroupId,
    CommodityCode: node.CommodityCode,
    CreateTime: node.CreateTime,
    ExpiredTime: node.ExpiredTime,
    Tags: [],
  };
}

/** ListFreeNodes: the nodes in no cluster, filtered by HpnZone, MachineType, OperatingStates.N and ResourceGroupId. */
function listFreeNodes(fleet: AlibabaRegionFleet, params: Params): unknown {
  const states = repeatedList(params, 'OperatingStates');
  const equals = (name: string, value: string) => !params.get(name) || params.get(name) === value;
  const matching = fleet.freeNodes.filter(
    (n) =>
      (!states || states.includes(n.OperatingState)) &&
      equals('HpnZone', n.HpnZone) &&
      equals('MachineType', n.MachineType) &&
      equals('ResourceGroupId', n.ResourceGroupId),
  );
  const { page, ...paging } = paged(matching, params);
  return { ...paging, Nodes: page.map(freeNodeRecord) };
}

function listClusterNodes(fleet: AlibabaRegionFleet, params: Params): unknown {
  const cluster = clusterOf(fleet, params);
  const states = repeatedList(params, 'OperatingStates');
  const nodes = fleet.hyperNodes
    .filter((h) => h.ClusterId === cluster.ClusterId)
    .flatMap((hyperNode) => hyperNode.Nodes.map((node) => ({ node, hyperNode })))
    .filter(({ node }) => !states || states.includes(node.OperatingState));
  const { page, ...paging } = paged(nodes, params);
  return {
    ...paging,
    Nodes: page.map(({ node, hyperNode }) => ({
      ...nodeRecord(node, hyperNode),
      CommodityCode: hyperNode.CommodityCode,
      VpcId: cluster.VpcId,
      VSwitchId: cluster.VSwitchId,
      Networks: [network(node)],
      Tags: [],
    })),
  };
}

function clusterListItem(cluster: SimCluster, fleet: AlibabaRegionFleet) {
  const members = fleet.hyperNodes.filter((h) => h.ClusterId === cluster.ClusterId);
  return {
    ClusterId: cluster.ClusterId,
    ClusterName: cluster.ClusterName,
    ClusterType: cluster.ClusterType,
    ClusterDescription: cluster.ClusterDescription,
    CreateTime: cluster.CreateTime,
    UpdateTime: cluster.UpdateTime,
    HpnZone: cluster.HpnZone,
    NodeCount: members.reduce((sum, h) => sum + h.Nodes.length, 0),
    NodeGroupCount: new Set(members.map((h) => h.NodeGroupId)).size,
    OperatingState: cluster.OperatingState,
    ResourceGroupId: cluster.ResourceGroupId,
    Tags: [],
  };
}

function describeCluster(fleet: AlibabaRegionFleet, params: Params): unknown {
  const cluster = clusterOf(fleet, params);
  return {
    ...clusterListItem(cluster, fleet),
    VpcId: cluster.VpcId,
    VSwitchId: cluster.VSwitchId,
    SecurityGroupId: cluster.SecurityGroupId,
    Networks: { VpdId: cluster.VpdId },
    Components: [],
  };
}

function listClusters(fleet: AlibabaRegionFleet, params: Params): unknown {
  const { page, ...paging } = paged(fleet.clusters, params);
  return { ...paging, Clusters: page.map((cluster) => clusterListItem(cluster, fleet)) };
}
