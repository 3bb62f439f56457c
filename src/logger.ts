/** JSON logs (pino); one child logger per component. */
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: pino.LevelWithSilent = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hypernode-gateway' },
      redact: {
        paths: [
          'req.headers.authorization',
          'headers.authorization',
          '*.headers.authorization',
          '*.headers["x-acs-security-token"]',
          '*.headers["x-security-token"]',
          '*.accessKeySecret',
          '*.secretKey',
          '*.sk',
          '*.securityToken',
          '*.credentials',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
