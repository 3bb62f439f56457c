/**
 * What every opaque cursor shares: JSON in base64url, read back as untrusted input (bounded, never throwing), and a
 * short hash that names the list a cursor belongs to, so a cursor of one list is refused by another.
 */

/** Cursors longer than this are no cursor the gateway wrote. */
const MAX_CURSOR_CHARS = 2_048;

export function encodeCursor(data: object): string {
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

/** The JSON a cursor holds, or null when it is too long, not base64url JSON, or not an object. */
export function readCursor(cursor: string): Record<string, unknown> | null {
  if (cursor.length > MAX_CURSOR_CHARS) return null;
  try {
    const data: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** FNV-1a of `text`, in base 36: a list's name inside its cursors. */
export function listHash(text: string): string {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0).toString(36);
}
