import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DASHBOARD_HOST } from './host.js';
import { RuntimeError, UsageError } from '../errors.js';
import { DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS } from './assets.js';
import type { DashboardData } from './data.js';
import { BIDI_CONTROLS } from '../report/terminal.js';

/**
 * Only same-origin script and style, no inline script, no external origin for anything:
 * an injected `<script>` or `onerror=` could not run even if a value were ever put in as markup.
 */
export const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export { DASHBOARD_HOST };

/** A running dashboard: its URL and how to stop it. */
export interface DashboardServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': DASHBOARD_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  res.end(body);
}

/**
 * Serves the dashboard on 127.0.0.1 only. `load` is called for every `/api/dashboard` request, so
 * a history file appended by new scans shows up on reload. Requests whose Host header is not this
 * loopback address are refused, so a web page cannot reach the dashboard through DNS rebinding.
 */
export async function startDashboard(o: { load: () => Promise<DashboardData>; port?: number; host?: string }): Promise<DashboardServer> {
  const host = o.host ?? DASHBOARD_HOST;
  if (host !== DASHBOARD_HOST && host !== 'localhost') throw new UsageError(`the dashboard listens on ${DASHBOARD_HOST} only (refusing host "${host}")`);
  const port = o.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535 (got ${port})`);
  let actualPort = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const allowed = [`${DASHBOARD_HOST}:${actualPort}`, `localhost:${actualPort}`];
    if (!allowed.includes(String(req.headers.host ?? ''))) return send(res, 421, 'text/plain; charset=utf-8', 'wrong host\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    const path = (req.url ?? '/').split('?')[0];
    switch (path) {
      case '/':
      case '/index.html':
        return send(res, 200, 'text/html; charset=utf-8', DASHBOARD_HTML);
      case '/app.js':
        return send(res, 200, 'text/javascript; charset=utf-8', DASHBOARD_JS);
      case '/app.css':
        return send(res, 200, 'text/css; charset=utf-8', DASHBOARD_CSS);
      case '/api/dashboard':
        o.load().then(
          // Bidi overrides in a role name or tag (U+202E) would reverse text in the page even through textContent:
          // they can only stand inside JSON strings, so each becomes the escape of U+FFFD there.
          (data) => send(res, 200, 'application/json; charset=utf-8', JSON.stringify(data).replace(BIDI_CONTROLS, '\\ufffd')),
          (e: Error) => send(res, 500, 'application/json; charset=utf-8', JSON.stringify({ error: e.message })),
        );
        return;
      default:
        return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new RuntimeError(`cannot listen on ${DASHBOARD_HOST}:${port}: ${e.code ?? e.message}`)));
    // Always the IPv4 loopback literal: "localhost" may resolve to ::1 or, misconfigured, elsewhere.
    server.listen(port, DASHBOARD_HOST, () => resolve());
  });
  actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${DASHBOARD_HOST}:${actualPort}/`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
