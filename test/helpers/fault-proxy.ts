import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the proxy saw it. */
export interface SeenRequest {
  /** `AssumeRole`, `ListEntitiesForPolicy`, `ListAccounts`… (query `Action=` or the JSON `X-Amz-Target` suffix). */
  action: string;
  /** The account the signing credentials act in, when the proxy saw them handed out by AssumeRole; else 'caller'. */
  account: string;
  /** The role of the signing session, when the proxy saw AssumeRole hand out its credentials. */
  role?: string;
  /** The signing credentials came from GetSessionToken with an MFA code (aws:MultiFactorAuthPresent). */
  mfaSession?: boolean;
  /** The signing service of the request (`sts`, `iam`, `s3`, `ec2`, `organizations`, `support`), from its SigV4 scope. */
  service: string;
  /** Decoded form parameters (query protocol) or the JSON body. */
  params: Record<string, unknown>;
}

/** A canned AWS error: `{ status: 403, code: 'AccessDenied', message: '…' }`. */
export interface Fault {
  status: number;
  code: string;
  message: string;
}

/** A canned success, for an operation moto lacks (DescribeSeverityLevels): answered instead of forwarding. */
export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

/**
 * An HTTP proxy in front of moto that injects AWS errors. moto enforces no trust policy and never throttles,
 * so an access-denied AssumeRole or an account throttled past the SDK's retries cannot be produced by moto
 * itself; the proxy answers those requests with the error bodies AWS sends, and forwards everything else.
 * It learns which account a set of credentials acts in by reading the AssumeRole responses that pass through.
 */
export interface FaultProxy {
  endpoint: string;
  seen: SeenRequest[];
  /** Decides per request: a Fault or Reply to answer with, or undefined to forward to moto. */
  rule: (r: SeenRequest) => Fault | Reply | undefined;
  /**
   * Decides per forwarded request whether its answer is lost: moto makes the change, then the proxy resets the
   * connection instead of answering (a timeout or a dropped link after the call took effect).
   */
  loseAnswer: (r: SeenRequest) => boolean;
  stop(): Promise<void>;
}

/** The operation a request calls: the JSON `X-Amz-Target` suffix, the query `Action=`, or S3's ListBuckets. */
export function actionOf(headers: IncomingHttpHeaders, params: Record<string, unknown>, service: string, method: string, url: string): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  if (typeof params.Action === 'string') return params.Action;
  // S3 is REST: the one call without a bucket is ListBuckets (GET /).
  if (service === 's3' && method === 'GET' && new URL(url, 'http://x').pathname === '/') return 'ListBuckets';
  return 'unknown';
}

/** A request's parameters: its JSON body, or its form-encoded (query protocol) one. */
export function parse(headers: IncomingHttpHeaders, body: string): Record<string, unknown> {
  const type = String(headers['content-type'] ?? '');
  if (type.includes('json')) {
    try {
      return JSON.parse(body || '{}') as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

/** The error body each protocol expects: JSON for JSON services, EC2's and S3's own XML, else the query XML (STS, IAM). */
function errorBody(headers: IncomingHttpHeaders, f: Fault, service: string): { type: string; body: string } {
  if (headers['x-amz-target']) return { type: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: f.code, message: f.message }) };
  if (service === 'ec2') return { type: 'text/xml', body: `<Response><Errors><Error><Code>${f.code}</Code><Message>${f.message}</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>` };
  if (service === 's3') return { type: 'application/xml', body: `<Error><Code>${f.code}</Code><Message>${f.message}</Message><RequestId>fault-proxy</RequestId></Error>` };
  return {
    type: 'text/xml',
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${f.code}</Code><Message>${f.message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
  };
}

/** Starts the proxy on a free loopback port in front of `target` (moto's endpoint). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const sessionOfKey = new Map<string, { account: string; role?: string; mfaSession?: boolean }>();
  const proxy: FaultProxy = { endpoint: '', seen: [], rule: () => undefined, loseAnswer: () => false, stop: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const params = parse(req.headers, body);
      const scope = /Credential=([^/]+)\/\d+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
      const key = scope?.[1] ?? '';
      const service = scope?.[2] ?? 'unknown';
      const session = sessionOfKey.get(key);
      const seen: SeenRequest = { action: actionOf(req.headers, params, service, req.method ?? 'GET', req.url ?? '/'), account: session?.account ?? 'caller', service, params };
      if (session?.role) seen.role = session.role;
      if (session?.mfaSession) seen.mfaSession = true;
      proxy.seen.push(seen);
      const answer = proxy.rule(seen);
      if (answer && 'body' in answer) {
        res.writeHead(answer.status, { 'content-type': answer.contentType });
        res.end(answer.body);
        return;
      }
      if (answer) {
        const { type, body: errBody } = errorBody(req.headers, answer, service);
        res.writeHead(answer.status, { 'content-type': type });
        res.end(errBody);
        return;
      }
      try {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
        const upstream = await fetch(`${target}${req.url ?? '/'}`, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body });
        const text = await upstream.text();
        if (proxy.loseAnswer(seen)) {
          req.socket.destroy();
          return;
        }
        if (seen.action === 'AssumeRole' && upstream.ok) {
          const akid = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text)?.[1];
          const role = /arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(String(params.RoleArn ?? ''));
          if (akid && role) sessionOfKey.set(akid, { account: role[1]!, role: role[2]! });
        }
        if (seen.action === 'GetSessionToken' && upstream.ok) {
          const akid = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text)?.[1];
          if (akid) sessionOfKey.set(akid, { account: seen.account, mfaSession: typeof params.TokenCode === 'string' });
        }
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
        res.end(text);
      } catch (e) {
        res.writeHead(502);
        res.end(String(e));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}
