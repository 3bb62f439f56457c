/** How to authenticate here, for the start-up banner. Only a development key is ever printed. */
import type { GatewayConfig } from '../config/index.js';

export function describeAuth({ auth }: Pick<GatewayConfig, 'auth'>): string[] {
  if (auth.mode === 'none') {
    return ['WARNING: GATEWAY_AUTH=none: no token is asked and every caller may read, write and see secrets'];
  }
  if (auth.devKey) {
    return [
      `development key (every scope): ${auth.devKey}`,
      '  GraphiQL sends it; other clients send it as "Authorization: Bearer <key>"',
    ];
  }
  const ways = [
    ...(auth.apiKeys.length > 0 ? [`API keys ${auth.apiKeys.map((k) => k.name).join(', ')}`] : []),
    ...(auth.jwt ? [`JWTs from ${auth.jwt.issuer}`] : []),
  ];
  return [`auth: ${ways.join('; ')}`];
}
