import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the proxy saw it. */
export interface SeenRequest {
  /** `AssumeRole`, `ListEntitiesForPolicy`, `ListAccounts`… (query `Action=` or the JSON `X-Amz-Target` suffix). */
  action: string;
  /** The account the signing credentials act in, when the proxy saw them handed out by AssumeRole; else 'caller'. */
  account: string;
  /** Decoded form parameters (query protocol) or the JSON body. */
  params: Record<string, unknown>;
}

/** A canned AWS error: `{ status: 403, code: 'AccessDenied', message: '…' }`. */
export interface Fault {
  status: number;
  code: string;
  message: string;
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
  /** Decides per request: a Fault to answer with, or undefined to forward to moto. */
  rule: (r: SeenRequest) => Fault | undefined;
  stop(): Promise<void>;
}

function actionOf(headers: IncomingHttpHeaders, params: Record<string, unknown>): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  return typeof params.Action === 'string' ? params.Action : 'unknown';
}

function parse(headers: IncomingHttpHeaders, body: string): Record<string, unknown> {
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

/** The error body each protocol expects: XML for query services (STS, IAM), JSON for the others. */
function errorBody(headers: IncomingHttpHeaders, f: Fault): { type: string; body: string } {
  if (headers['x-amz-target']) return { type: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: f.code, message: f.message }) };
  return {
    type: 'text/xml',
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${f.code}</Code><Message>${f.message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
  };
}

/** Starts the proxy on a free loopback port in front of `target` (moto's endpoint). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const accountOfKey = new Map<string, string>();
  const proxy: FaultProxy = { endpoint: '', seen: [], rule: () => undefined, stop: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const params = parse(req.headers, body);
      const key = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
      const seen: SeenRequest = { action: actionOf(req.headers, params), account: accountOfKey.get(key) ?? 'caller', params };
      proxy.seen.push(seen);
      const fault = proxy.rule(seen);
      if (fault) {
        const { type, body: errBody } = errorBody(req.headers, fault);
        res.writeHead(fault.status, { 'content-type': type });
        res.end(errBody);
        return;
      }
      try {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
        const upstream = await fetch(`${target}${req.url ?? '/'}`, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body });
        const text = await upstream.text();
        if (seen.action === 'AssumeRole' && upstream.ok) {
          const akid = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text)?.[1];
          const account = /arn:[^:]+:iam::(\d{12}):role\//.exec(String(params.RoleArn ?? ''))?.[1];
          if (akid && account) accountOfKey.set(akid, account);
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
