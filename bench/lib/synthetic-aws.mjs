// @ts-check
/* global process, setTimeout, console, URL, URLSearchParams, Buffer -- Node 20 globals; the shared ESLint config sets none for .mjs */
/**
 * A synthetic AWS endpoint on loopback for organizations far larger than moto can hold (moto costs ~1 s and ~27 MiB
 * per account): Organizations, STS and IAM answers for N generated accounts, with a per-request latency, a per-caller
 * STS request-rate limit and a per-account IAM request-rate limit that answer `Throttling` as AWS does.
 *
 * Plain JavaScript (ESM + JSDoc, types in synthetic-aws.d.mts) so that `node bench/org-scale.mjs` runs it without a
 * build step, and vitest tests import the very same file. It uses nothing beyond Node's own http module.
 *
 * Answers are the bytes AWS sends, as the service models and the SDK's protocol parsers read them:
 * - STS and IAM speak the query protocol: form-encoded `Action=…` requests, XML answers `<OpResponse><OpResult>…`,
 *   lists as `<member>` elements, errors as `<ErrorResponse><Error><Type/><Code/><Message/></Error>` with HTTP 400
 *   (Throttling) or 403 (AccessDenied).
 * - Organizations, CloudTrail, EventBridge and Support speak JSON 1.1: `X-Amz-Target: Prefix.Operation`, JSON answers,
 *   timestamps as epoch seconds, errors as `{"__type": "…", "Message": "…"}`.
 *
 * The caller is the management account (any access key the endpoint did not hand out); a request signed with a key
 * handed out by AssumeRole acts in that role's account. Run it alone with
 * `node bench/lib/synthetic-aws.mjs --accounts 1000 --latency 100` (it prints its endpoint and serves until killed).
 */
import { createServer } from 'node:http';

export const MANAGEMENT_ACCOUNT_ID = '100000000000';
export const ORGANIZATION_ID = 'o-synthetic01';
const SUPPORT_POLICY = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/**
 * The kinds of account generated, in the order of a 20-account cycle (index % 20). Together a realistic mix:
 * 45% PASS (one of them with its role on the third page of a paged listing), FAIL for users/groups only, nothing,
 * a customer-managed look-alike and boundary-only; 5% whose member role refuses AssumeRole (ERROR AccessDenied);
 * 5% SUSPENDED (listed, not scanned).
 * @type {readonly import('./synthetic-aws.d.mts').AccountKind[]}
 */
export const KIND_CYCLE = [
  'pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass',
  'pass-paged', 'users-only', 'users-only', 'none', 'none', 'lookalike', 'boundary', 'denied', 'suspended',
  'pass', 'users-only', 'none',
];

/**
 * The expected outcome of each kind in a fast (non-deep) org scan: the account line's status, and the cis-support-role
 * message id (PASS/FAIL) or the account error code and operation (ERROR); suspended accounts are skipped.
 * @type {Record<import('./synthetic-aws.d.mts').AccountKind, import('./synthetic-aws.d.mts').Expected>}
 */
export const EXPECTED = {
  pass: { status: 'PASS', messageId: 'pass' },
  'pass-paged': { status: 'PASS', messageId: 'pass' },
  'users-only': { status: 'FAIL', messageId: 'only-users-or-groups' },
  none: { status: 'FAIL', messageId: 'no-support-role' },
  // Only the AWS-managed ARN is asked about: a customer policy named AWSSupportAccess is invisible to the fast path.
  lookalike: { status: 'FAIL', messageId: 'no-support-role' },
  boundary: { status: 'FAIL', messageId: 'boundary-only' },
  denied: { status: 'ERROR', errorCode: 'AccessDenied', operation: 'sts:AssumeRole' },
  suspended: { status: 'SKIPPED' },
  large: { status: 'PASS', messageId: 'pass' },
};

/**
 * N accounts: the management account (a PASS, read with the caller's credentials) and N-1 members in KIND_CYCLE order.
 * @param {number} count
 * @param {{ largeRoles?: number, largeUsers?: number }} [o] give the management account this many roles and users (deep bench)
 * @returns {import('./synthetic-aws.d.mts').SyntheticAccount[]}
 */
export function generateAccounts(count, o = {}) {
  if (!Number.isInteger(count) || count < 1) throw new Error(`accounts must be a whole number ≥ 1 (got ${count})`);
  /** @type {import('./synthetic-aws.d.mts').SyntheticAccount[]} */
  const out = [{ id: MANAGEMENT_ACCOUNT_ID, name: 'management', kind: o.largeRoles ? 'large' : 'pass', roles: o.largeRoles ?? 0, users: o.largeUsers ?? 0 }];
  for (let i = 1; i < count; i++) {
    const kind = KIND_CYCLE[(i - 1) % KIND_CYCLE.length];
    out.push({ id: String(200000000000 + i), name: `member-${i}`, kind: /** @type {import('./synthetic-aws.d.mts').AccountKind} */ (kind), roles: 0, users: 0 });
  }
  return out;
}

const esc = (/** @type {string} */ s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
let requestCounter = 0;
const requestId = () => `00000000-0000-4000-8000-${String(++requestCounter).padStart(12, '0')}`;

/** @param {string} code @param {string} message @param {string} ns */
const queryError = (code, message, ns) =>
  `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`;

/** @param {string} op @param {string} ns @param {string} inner */
const queryAnswer = (op, ns, inner) => `<${op}Response xmlns="${ns}"><${op}Result>${inner}</${op}Result><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${op}Response>`;

/** @param {string} tag @param {string[]} members */
const xmlList = (tag, members) => (members.length ? `<${tag}>${members.map((m) => `<member>${m}</member>`).join('')}</${tag}>` : `<${tag}/>`);

/**
 * A token bucket: `rate` requests a second, bursts up to `burst`. `take()` says whether a request may pass now.
 * @param {number} rate @param {number} burst
 */
function bucket(rate, burst) {
  let tokens = burst;
  let at = process.hrtime.bigint();
  return {
    take() {
      const now = process.hrtime.bigint();
      tokens = Math.min(burst, tokens + (Number(now - at) / 1e9) * rate);
      at = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/**
 * The entities of an account that have AWSSupportAccess, as ListEntitiesForPolicy lists them (roles, users, groups),
 * and the roles that have it as a permissions boundary.
 * @param {import('./synthetic-aws.d.mts').SyntheticAccount} a
 */
function entitiesOf(a) {
  /** @type {{ roles: string[], users: string[], groups: string[], boundaryRoles: string[] }} */
  const e = { roles: [], users: [], groups: [], boundaryRoles: [] };
  switch (a.kind) {
    case 'pass':
    case 'large':
      e.roles.push('aws-support-responders');
      break;
    case 'pass-paged':
      // 250 users first: with the default MaxItems of 100 the role is on page 3, so a scan that stops early FAILs it.
      for (let i = 0; i < 250; i++) e.users.push(`support-user-${String(i).padStart(3, '0')}`);
      e.roles.push('aws-support-responders');
      break;
    case 'users-only':
      e.users.push('bob');
      e.groups.push('support-team');
      break;
    case 'boundary':
      e.boundaryRoles.push('bounded-support');
      break;
    default:
  }
  return e;
}

const roleId = (/** @type {string} */ account, /** @type {number} */ i) => `AROA${account}${String(i).padStart(8, '0')}`;
const userId = (/** @type {string} */ account, /** @type {number} */ i) => `AIDA${account}${String(i).padStart(8, '0')}`;

/**
 * The GetAccountAuthorizationDetails items of an account, in the order AWS pages them (users, groups, roles, policies).
 * Policy documents are URL-encoded, as the raw API sends them.
 * @param {import('./synthetic-aws.d.mts').SyntheticAccount} a
 * @returns {{ list: string, xml: string }[]}
 */
function authorizationItems(a) {
  const enc = (/** @type {unknown} */ doc) => esc(encodeURIComponent(JSON.stringify(doc)));
  const trust = enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.id}:role/on-call` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] });
  const e = entitiesOf(a);
  /** @type {{ list: string, xml: string }[]} */
  const items = [];
  const users = [...e.users, ...Array.from({ length: a.users }, (_, i) => `user-${i}`)];
  users.forEach((name, i) => {
    const support = i < e.users.length;
    items.push({
      list: 'UserDetailList',
      xml: `<Path>/</Path><UserName>${name}</UserName><UserId>${userId(a.id, i)}</UserId><Arn>arn:aws:iam::${a.id}:user/${name}</Arn><CreateDate>2025-01-01T00:00:00Z</CreateDate>${xmlList('GroupList', [])}${xmlList('AttachedManagedPolicies', support ? [`<PolicyName>AWSSupportAccess</PolicyName><PolicyArn>${SUPPORT_POLICY}</PolicyArn>`] : [])}<UserPolicyList/>`,
    });
  });
  e.groups.forEach((name, i) => {
    items.push({
      list: 'GroupDetailList',
      xml: `<Path>/</Path><GroupName>${name}</GroupName><GroupId>AGPA${a.id}${String(i).padStart(8, '0')}</GroupId><Arn>arn:aws:iam::${a.id}:group/${name}</Arn><CreateDate>2025-01-01T00:00:00Z</CreateDate><GroupPolicyList/>${xmlList('AttachedManagedPolicies', [`<PolicyName>AWSSupportAccess</PolicyName><PolicyArn>${SUPPORT_POLICY}</PolicyArn>`])}`,
    });
  });
  const roles = [...e.roles, ...Array.from({ length: Math.max(0, a.roles - e.roles.length) }, (_, i) => `workload-${String(i).padStart(5, '0')}`)];
  roles.forEach((name, i) => {
    const support = e.roles.includes(name);
    const attached = support ? [`<PolicyName>AWSSupportAccess</PolicyName><PolicyArn>${SUPPORT_POLICY}</PolicyArn>`] : [`<PolicyName>ReadOnlyAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn>`];
    const tags = support ? xmlList('Tags', ['<Key>owner</Key><Value>platform-security</Value>', '<Key>purpose</Key><Value>CIS support role</Value>']) : '<Tags/>';
    items.push({
      list: 'RoleDetailList',
      xml: `<Path>/</Path><RoleName>${name}</RoleName><RoleId>${roleId(a.id, i)}</RoleId><Arn>arn:aws:iam::${a.id}:role/${name}</Arn><CreateDate>2025-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${trust}</AssumeRolePolicyDocument><InstanceProfileList/><RolePolicyList/>${xmlList('AttachedManagedPolicies', attached)}${tags}<RoleLastUsed><LastUsedDate>2026-11-20T10:00:00Z</LastUsedDate><Region>us-east-1</Region></RoleLastUsed>`,
    });
  });
  const supportDoc = enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['support:*', 'support-console:*'], Resource: '*' }] });
  const readOnlyDoc = enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*', 's3:Get*', 's3:List*'], Resource: '*' }] });
  /** @param {string} name @param {string} doc @param {number} count */
  const policy = (name, doc, count) =>
    `<PolicyName>${name}</PolicyName><PolicyId>ANPA${name.toUpperCase().slice(0, 12)}</PolicyId><Arn>arn:aws:iam::aws:policy/${name}</Arn><Path>/</Path><DefaultVersionId>v1</DefaultVersionId><AttachmentCount>${count}</AttachmentCount><PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount><IsAttachable>true</IsAttachable><CreateDate>2015-02-06T18:41:00Z</CreateDate><UpdateDate>2015-02-06T18:41:00Z</UpdateDate>${xmlList('PolicyVersionList', [`<Document>${doc}</Document><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>2015-02-06T18:41:00Z</CreateDate>`])}`;
  if (e.roles.length + e.users.length + e.groups.length > 0) items.push({ list: 'Policies', xml: policy('AWSSupportAccess', supportDoc, e.roles.length + e.users.length + e.groups.length) });
  if (roles.length > e.roles.length) items.push({ list: 'Policies', xml: policy('ReadOnlyAccess', readOnlyDoc, roles.length - e.roles.length) });
  return items;
}

/**
 * Starts the endpoint on 127.0.0.1 (a free port unless `port` is given).
 * @param {import('./synthetic-aws.d.mts').SyntheticOptions} options
 * @returns {Promise<import('./synthetic-aws.d.mts').SyntheticAws>}
 */
export async function startSyntheticAws(options) {
  const accounts = options.accounts;
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const latencyMs = options.latencyMs ?? 0;
  const listAccountsDefault = 20;
  /** @type {import('./synthetic-aws.d.mts').SyntheticStats} */
  const stats = { requests: 0, byAction: {}, throttled: { sts: 0, iam: 0 }, callsByAccount: {}, maxInFlight: 0 };
  let inFlight = 0;
  /** @type {Map<string, string>} access key id → account */
  const sessions = new Map();
  const stsBucket = options.stsRatePerSecond ? bucket(options.stsRatePerSecond, options.stsBurst ?? options.stsRatePerSecond) : undefined;
  /** @type {Map<string, { take(): boolean }>} */
  const iamBuckets = new Map();
  const iamRate = options.iamRatePerSecond;
  const iamBucket = (/** @type {string} */ account) => {
    let b = iamBuckets.get(account);
    if (!b && iamRate) iamBuckets.set(account, (b = bucket(iamRate, options.iamBurst ?? iamRate)));
    return b;
  };
  const entityCache = new Map();
  const entities = (/** @type {import('./synthetic-aws.d.mts').SyntheticAccount} */ a) => {
    let e = entityCache.get(a.id);
    if (!e) entityCache.set(a.id, (e = entitiesOf(a)));
    return e;
  };
  const gaadCache = new Map();
  const resetStats = () => {
    stats.requests = 0;
    stats.byAction = {};
    stats.throttled = { sts: 0, iam: 0 };
    stats.callsByAccount = {};
    stats.maxInFlight = 0;
  };

  /**
   * @param {string} action @param {Record<string, string>} p @param {string} account @param {string} service
   * @returns {{ status: number, body: string, type: string }}
   */
  function answerQuery(action, p, account, service) {
    const ns = service === 'sts' ? STS_NS : IAM_NS;
    const xml = (/** @type {string} */ body, status = 200) => ({ status, body, type: 'text/xml' });
    const a = byId.get(account);
    if (service === 'sts' && stsBucket && !stsBucket.take()) {
      stats.throttled.sts++;
      return xml(queryError('Throttling', 'Rate exceeded', ns), 400);
    }
    if (service === 'iam' && iamBucket(account) && !iamBucket(account)?.take()) {
      stats.throttled.iam++;
      return xml(queryError('Throttling', 'Rate exceeded', ns), 400);
    }
    switch (action) {
      case 'GetCallerIdentity': {
        const arn = account === MANAGEMENT_ACCOUNT_ID ? `arn:aws:iam::${account}:user/auditor` : `arn:aws:sts::${account}:assumed-role/${options.memberRoleName ?? 'OrganizationAccountAccessRole'}/session`;
        return xml(queryAnswer(action, ns, `<Arn>${arn}</Arn><UserId>AIDAAUDITOR00000000</UserId><Account>${account}</Account>`));
      }
      case 'AssumeRole': {
        const m = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(p.RoleArn ?? '');
        const target = m ? byId.get(m[1] ?? '') : undefined;
        const roleName = options.memberRoleName ?? 'OrganizationAccountAccessRole';
        if (!m || !target || target.kind === 'denied' || target.kind === 'suspended' || m[2] !== roleName) {
          return xml(queryError('AccessDenied', `User: arn:aws:iam::${account}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${p.RoleArn ?? ''}`, ns), 403);
        }
        const key = `ASIA${target.id}${String(sessions.size).padStart(8, '0')}`;
        sessions.set(key, target.id);
        const session = p.RoleSessionName ?? 'session';
        const expiration = new Date(Date.now() + Number(p.DurationSeconds ?? 3600) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
        return xml(
          queryAnswer(
            action,
            ns,
            `<AssumedRoleUser><AssumedRoleId>AROA${target.id}ROLE:${esc(session)}</AssumedRoleId><Arn>arn:aws:sts::${target.id}:assumed-role/${esc(roleName)}/${esc(session)}</Arn></AssumedRoleUser><Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>synthetic-secret</SecretAccessKey><SessionToken>synthetic-token-${key}</SessionToken><Expiration>${expiration}</Expiration></Credentials><PackedPolicySize>0</PackedPolicySize>`,
          ),
        );
      }
      case 'ListEntitiesForPolicy': {
        if (!a) return xml(queryError('AccessDenied', 'unknown account', ns), 403);
        if (p.PolicyArn !== SUPPORT_POLICY) return xml(queryError('NoSuchEntity', `Policy ${p.PolicyArn ?? ''} does not exist or is not attachable.`, ns), 404);
        const maxItems = p.MaxItems === undefined ? 100 : Number(p.MaxItems);
        if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) return xml(queryError('ValidationError', '1 validation error detected: Value at \'maxItems\' failed to satisfy constraint: Member must have value less than or equal to 1000', ns), 400);
        const e = entities(a);
        const boundary = p.PolicyUsageFilter === 'PermissionsBoundary';
        const filter = p.EntityFilter;
        /** @type {[string, string][]} */
        const all = [];
        if (!filter || filter === 'User') for (const u of boundary ? [] : e.users) all.push(['PolicyUsers', `<UserName>${u}</UserName><UserId>${userId(a.id, all.length)}</UserId>`]);
        if (!filter || filter === 'Group') for (const g of boundary ? [] : e.groups) all.push(['PolicyGroups', `<GroupName>${g}</GroupName><GroupId>AGPA${a.id}${String(all.length).padStart(8, '0')}</GroupId>`]);
        if (!filter || filter === 'Role') for (const r of boundary ? e.boundaryRoles : e.roles) all.push(['PolicyRoles', `<RoleName>${r}</RoleName><RoleId>${roleId(a.id, all.length)}</RoleId>`]);
        const start = p.Marker ? Number(/^m(\d+)$/.exec(p.Marker)?.[1] ?? NaN) : 0;
        if (!Number.isInteger(start)) return xml(queryError('ValidationError', 'Invalid Marker', ns), 400);
        const page = all.slice(start, start + maxItems);
        const truncated = start + maxItems < all.length;
        const of = (/** @type {string} */ list) => xmlList(list, page.filter(([l]) => l === list).map(([, x]) => x));
        return xml(queryAnswer(action, ns, `${of('PolicyGroups')}${of('PolicyUsers')}${of('PolicyRoles')}<IsTruncated>${truncated}</IsTruncated>${truncated ? `<Marker>m${start + maxItems}</Marker>` : ''}`));
      }
      case 'GetAccountAuthorizationDetails': {
        if (!a) return xml(queryError('AccessDenied', 'unknown account', ns), 403);
        let items = gaadCache.get(a.id);
        if (!items) gaadCache.set(a.id, (items = authorizationItems(a)));
        const maxItems = p.MaxItems === undefined ? 100 : Number(p.MaxItems);
        if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) return xml(queryError('ValidationError', 'MaxItems must be between 1 and 1000', ns), 400);
        const start = p.Marker ? Number(/^g(\d+)$/.exec(p.Marker)?.[1] ?? NaN) : 0;
        if (!Number.isInteger(start)) return xml(queryError('ValidationError', 'Invalid Marker', ns), 400);
        const page = items.slice(start, start + maxItems);
        const truncated = start + maxItems < items.length;
        const of = (/** @type {string} */ list) => xmlList(list, page.filter((/** @type {{list: string}} */ i) => i.list === list).map((/** @type {{xml: string}} */ i) => i.xml));
        return xml(queryAnswer(action, ns, `${of('UserDetailList')}${of('GroupDetailList')}${of('RoleDetailList')}${of('Policies')}<IsTruncated>${truncated}</IsTruncated>${truncated ? `<Marker>g${start + maxItems}</Marker>` : ''}`));
      }
      default:
        return xml(queryError('InvalidAction', `The action ${action} is not valid for this web service.`, ns), 400);
    }
  }

  /**
   * @param {string} target @param {Record<string, unknown>} p @param {string} account
   * @returns {{ status: number, body: string, type: string }}
   */
  function answerJson(target, p, account) {
    const action = target.slice(target.lastIndexOf('.') + 1);
    const json = (/** @type {unknown} */ body, status = 200) => ({ status, body: JSON.stringify(body), type: 'application/x-amz-json-1.1' });
    const error = (/** @type {string} */ type, /** @type {string} */ message, status = 400) => json({ __type: type, Message: message }, status);
    if (target.startsWith('AWSOrganizationsV20161128.')) {
      if (account !== MANAGEMENT_ACCOUNT_ID) return error('AccessDeniedException', 'You don\'t have permissions to access this resource.');
      switch (action) {
        case 'DescribeOrganization':
          return json({
            Organization: {
              Id: ORGANIZATION_ID,
              Arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:organization/${ORGANIZATION_ID}`,
              FeatureSet: 'ALL',
              MasterAccountArn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:account/${ORGANIZATION_ID}/${MANAGEMENT_ACCOUNT_ID}`,
              MasterAccountId: MANAGEMENT_ACCOUNT_ID,
              MasterAccountEmail: 'management@example.com',
              AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
            },
          });
        case 'ListAccounts': {
          // ListAccounts takes MaxResults 1–20 (the service model's range); larger values are refused, as by AWS.
          const max = p.MaxResults === undefined ? listAccountsDefault : Number(p.MaxResults);
          if (!Number.isInteger(max) || max < 1 || max > 20) return error('InvalidInputException', 'You provided a value that does not match the required pattern.');
          const start = typeof p.NextToken === 'string' ? Number(/^a(\d+)$/.exec(p.NextToken)?.[1] ?? NaN) : 0;
          if (!Number.isInteger(start)) return error('InvalidInputException', 'The NextToken is not valid.');
          const page = accounts.slice(start, start + max).map((a) => {
            const state = a.kind === 'suspended' ? 'SUSPENDED' : 'ACTIVE';
            return {
              Id: a.id,
              Arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:account/${ORGANIZATION_ID}/${a.id}`,
              Email: `${a.name}@example.com`,
              Name: a.name,
              Status: state,
              State: state,
              JoinedMethod: a.id === MANAGEMENT_ACCOUNT_ID ? 'INVITED' : 'CREATED',
              JoinedTimestamp: 1735689600,
            };
          });
          const next = start + max < accounts.length ? { NextToken: `a${start + max}` } : {};
          return json({ Accounts: page, ...next });
        }
        default:
          return error('InvalidAction', `${action} is not served by the synthetic endpoint`);
      }
    }
    // The other calls of a deep scan of one account, with what a bare account has: no trail, no rule, Basic support.
    switch (target) {
      case 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails':
        return json({ trailList: [] });
      case 'AWSEvents.ListRules':
        return json({ Rules: [] });
      case 'AWSSupport_20130415.DescribeSeverityLevels':
        return error('SubscriptionRequiredException', 'AWS Premium Support Subscription is required to use this service.');
      default:
        return error('UnknownOperationException', `${target} is not served by the synthetic endpoint`);
    }
  }

  const server = createServer((req, res) => {
    // Unsigned control paths for a bench that runs the endpoint in another process.
    if (req.method === 'GET' && req.url === '/synthetic/stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...stats, callsByAccount: undefined }));
      return;
    }
    if (req.method === 'POST' && req.url === '/synthetic/reset') {
      resetStats();
      res.writeHead(204);
      res.end();
      return;
    }
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (/** @type {Buffer} */ c) => chunks.push(c));
    req.on('end', () => {
      inFlight++;
      if (inFlight > stats.maxInFlight) stats.maxInFlight = inFlight;
      const body = Buffer.concat(chunks).toString('utf8');
      const scope = /Credential=([^/]+)\/\d+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
      const key = scope?.[1] ?? '';
      const service = scope?.[2] ?? 'unknown';
      const account = sessions.get(key) ?? MANAGEMENT_ACCOUNT_ID;
      const target = req.headers['x-amz-target'];
      /** @type {{ status: number, body: string, type: string }} */
      let answer;
      let action;
      if (typeof target === 'string') {
        action = target.slice(target.lastIndexOf('.') + 1);
        /** @type {Record<string, unknown>} */
        let p = {};
        try {
          p = JSON.parse(body || '{}');
        } catch {
          /* an unparsable body is answered like any unknown input */
        }
        answer = answerJson(target, p, account);
      } else {
        const p = Object.fromEntries(new URLSearchParams(body));
        action = p.Action ?? 'unknown';
        answer = answerQuery(action, p, account, service);
      }
      stats.requests++;
      stats.byAction[action] = (stats.byAction[action] ?? 0) + 1;
      stats.callsByAccount[account] = (stats.callsByAccount[account] ?? 0) + 1;
      const send = () => {
        inFlight--;
        res.writeHead(answer.status, { 'content-type': answer.type, 'x-amzn-requestid': requestId(), 'content-length': Buffer.byteLength(answer.body) });
        res.end(answer.body);
      };
      if (latencyMs > 0) setTimeout(send, latencyMs);
      else send();
    });
  });
  // Thousands of keep-alive connections from one client: no idle cut while a scan runs.
  server.keepAliveTimeout = 60_000;
  server.maxRequestsPerSocket = 0;
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accounts,
    stats,
    resetStats,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}

// `node bench/lib/synthetic-aws.mjs --accounts N [--latency MS] [--sts-rate R] [--iam-rate R] [--large-roles N]`:
// serves until killed, printing `endpoint <url>` first; GET /synthetic/stats answers its statistics, POST
// /synthetic/reset zeroes them.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const args = process.argv.slice(2);
  const num = (/** @type {string} */ flag, /** @type {number | undefined} */ dflt) => {
    const i = args.indexOf(flag);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const aws = await startSyntheticAws({
    accounts: generateAccounts(num('--accounts', 100) ?? 100, { largeRoles: num('--large-roles', undefined), largeUsers: num('--large-users', undefined) }),
    latencyMs: num('--latency', 0),
    stsRatePerSecond: num('--sts-rate', undefined),
    iamRatePerSecond: num('--iam-rate', undefined),
    port: num('--port', 0),
  });
  console.log(`endpoint ${aws.endpoint}`);
  process.on('SIGTERM', () => aws.stop().then(() => process.exit(0)));
}
