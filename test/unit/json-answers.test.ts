/** Reading a cloud's answer body: JSON or nothing, and never more containers than any real answer holds. */
import { describe, expect, it } from 'vitest';
import { MAX_JSON_CONTAINERS, parseJsonBody } from '../../src/providers/json.js';

/** `[{},{},...]` with `objects` objects, so `objects + 1` containers. */
const emptyObjects = (objects: number) => `[${Array.from({ length: objects }, () => '{}').join(',')}]`;

describe('parseJsonBody', () => {
  it('parses a page of real size', () => {
    expect(parseJsonBody('{"Nodes":[{"NodeId":"e01-a"}],"NextToken":""}')).toEqual({ Nodes: [{ NodeId: 'e01-a' }], NextToken: '' });
  });

  it('reads an empty body, text that is not JSON, and a truncated body as nothing', () => {
    expect(parseJsonBody('')).toBeUndefined();
    expect(parseJsonBody('<html>bad gateway</html>')).toBeUndefined();
    expect(parseJsonBody('{"Nodes":[{"NodeId":')).toBeUndefined();
  });

  it('parses an answer holding as many containers as the cap allows', () => {
    const parsed = parseJsonBody(emptyObjects(MAX_JSON_CONTAINERS - 1));
    expect(Array.isArray(parsed) && parsed.length).toBe(MAX_JSON_CONTAINERS - 1);
  });

  it('refuses an answer of more containers than the cap, before parsing it', () => {
    expect(parseJsonBody(emptyObjects(MAX_JSON_CONTAINERS))).toBeUndefined();
    expect(parseJsonBody(emptyObjects(3 * MAX_JSON_CONTAINERS))).toBeUndefined();
  });
});
