/**
 * Simulated mode with no way to authenticate configured: a development key with every scope, printed at start and
 * pre-filled in GraphiQL, so `npm start` then a first query just works and still sends a token. Fresh at each
 * start, unless GATEWAY_DEV_KEY pins it (a frontend's .env.local survives restarts).
 */
import { randomBytes } from 'node:crypto';
import type { GatewayConfig } from '../config/index.js';

export function withDevKey(config: GatewayConfig): GatewayConfig {
  const { auth } = config;
  if (config.mode !== 'simulated' || auth.mode === 'none' || auth.apiKeys.length > 0 || auth.jwt || auth.devKey) return config;
  return { ...config, auth: { ...auth, devKey: `dev-${randomBytes(24).toString('base64url')}` } };
}
