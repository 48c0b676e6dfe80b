import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { actionOf, parse } from './fault-proxy.js';

/** What the fake endpoint answers: status, body exactly as given, content type. */
export interface RawAnswer {
  status: number;
  body: string;
  type?: string;
}

/** A request as the fake endpoint saw it: the operation (`ListAccounts`, `ListEntitiesForPolicy`…) and its parameters. */
export interface RawRequest {
  action: string;
  params: Record<string, unknown>;
}

/**
 * A loopback HTTP endpoint that answers every AWS request with exactly the bytes a test chooses: an empty 200, `{}`,
 * an HTML error page, XML with another root element. The real SDK client parses them, so a test proves what the
 * code does with the answer the SDK really hands it, not with a mock's idea of it.
 */
export async function startRawAws(answer: (r: RawRequest, n: number) => RawAnswer) {
  const seen: RawRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const params = parse(req.headers, body);
      const r: RawRequest = { action: actionOf(req.headers, params, '', req.method ?? 'POST', req.url ?? '/'), params };
      seen.push(r);
      const a = answer(r, seen.filter((s) => s.action === r.action).length);
      res.writeHead(a.status, { 'content-type': a.type ?? (req.headers['x-amz-target'] ? 'application/x-amz-json-1.1' : 'text/xml') });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The STS answer to GetCallerIdentity for an account, as STS sends it. */
export function callerIdentityXml(accountId: string): string {
  return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${accountId}:user/auditor</Arn><UserId>AIDAAUDITOR</UserId><Account>${accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>raw</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
}
