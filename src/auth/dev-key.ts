/**
 * Simulated mode with no way to authenticate configured: a fresh development key with every scope, printed at
 * start and pre-filled in GraphiQL, so `npm start` then a first query just works and still sends a token.
 */
import { randomBytes } from 'node:crypto';
import type { GatewayConfig } from '../config.js';

export function withDevKey(config: GatewayConfig): GatewayConfig {
  const { auth } = config;
  if (config.mode !== 'simulated' || auth.mode === 'none' || auth.apiKeys.length > 0 || auth.jwt) return config;
  return { ...config, auth: { ...auth, devKey: `dev-${randomBytes(24).toString('base64url')}` } };
}
