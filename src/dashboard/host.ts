/**
 * The only address the dashboard listens on: it shows account data and has no authentication. A module of its own
 * so that `serve --help` names it without loading the server.
 */
export const DASHBOARD_HOST = '127.0.0.1';
