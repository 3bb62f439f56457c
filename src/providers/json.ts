/** Reading cloud answers that may not be JSON at all (a proxy's HTML page, a truncated body). */

/** The parsed body, or undefined when it is empty or not JSON. */
export function parseJsonBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
