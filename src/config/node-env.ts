/**
 * The gateway runs its libraries in production mode unless told otherwise: graphql-js checks every failed
 * `instanceof` for a second copy of itself when NODE_ENV is not `production`, which costs several per cent of each
 * request. Imported first by main.ts, before any module that reads NODE_ENV as it loads; tests import the modules
 * themselves and keep the development checks.
 */
process.env.NODE_ENV ??= 'production';
