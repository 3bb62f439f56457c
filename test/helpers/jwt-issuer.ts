/** An identity provider for tests: a JWKS served on loopback and tokens signed with its key. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

export interface JwtIssuer {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** The env that makes the gateway trust this issuer. */
  env: Record<string, string>;
  /** A token for `sub` with `scope`; `claims` and `expiresIn` override the defaults. */
  sign(sub: string, scope: string, options?: { claims?: JWTPayload; expiresIn?: string | number; issuer?: string; audience?: string }): Promise<string>;
  /** The same, signed by a key the JWKS does not hold. */
  signWithStrangerKey(sub: string, scope: string): Promise<string>;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  stop(): Promise<void>;
}

export async function startJwtIssuer(): Promise<JwtIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const stranger = await generateKeyPair('ES256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' }] };
  let fetches = 0;
  const server = createServer((req, res) => {
    fetches += 1;
    if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${origin}/`;
  const audience = 'hypernode-gateway';
  const signed = (key: CryptoKey, sub: string, scope: string, options: Parameters<JwtIssuer['sign']>[2] = {}) =>
    new SignJWT({ scope, ...options.claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
      .setSubject(sub)
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? audience)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(key);
  return {
    jwksUrl: `${origin}/.well-known/jwks.json`,
    issuer,
    audience,
    env: { GATEWAY_JWT_JWKS_URL: `${origin}/.well-known/jwks.json`, GATEWAY_JWT_ISSUER: issuer, GATEWAY_JWT_AUDIENCE: audience },
    sign: (sub, scope, options) => signed(privateKey, sub, scope, options),
    signWithStrangerKey: (sub, scope) => signed(stranger.privateKey, sub, scope),
    fetches: () => fetches,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
