/**
 * GraphiQL as the gateway serves it at /graphql: the saved example operations of examples/graphiql as its tabs,
 * every asset inlined by @graphql-yoga/render-graphiql (no CDN: it works offline), and a content security policy
 * that lets the page load nothing from anywhere but the gateway.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { returningVisitScript } from './graphiql-returning-visit.js';
import { CSRF_HEADER } from './csrf.js';

export const GRAPHIQL_TITLE = 'hypernode-gateway';

export interface GraphiQLExample {
  /** A file of examples/graphiql. */
  file: string;
  /** What the tab's Variables pane starts with. */
  variables?: Record<string, unknown>;
}

/** GraphiQL's tabs, in order: the first is the one it opens with. */
export const GRAPHIQL_EXAMPLES: readonly GraphiQLExample[] = [
  { file: 'explore-seed.graphql' },
  { file: 'hyper-nodes-of-both-clouds.graphql', variables: { first: 5, alibabaAfter: null, huaweiAfter: null } },
  { file: 'node-with-disks.graphql', variables: { id: 'alibaba:cn-wulanchabu:node:e01-cn-zvp2tgykr0b' } },
  { file: 'create-hyper-cluster.graphql' },
  { file: 'fleet-overview.graphql', variables: { failed: ['ERROR'], first: 20, after: null } },
  { file: 'reboot-and-follow.graphql', variables: { ids: ['alibaba:cn-wulanchabu:node:e01-cn-zvp2tgykr0b'], id: '<a task id from the answer of RebootAndFollow>' } },
  { file: 'watch-nodes.graphql', variables: { ids: ['alibaba:cn-wulanchabu:node:e01-cn-zvp2tgykr0b'] } },
];

const examplesDir = new URL('../examples/graphiql/', import.meta.url);

export function readExample(file: string): string {
  return readFileSync(new URL(file, examplesDir), 'utf8');
}

export interface ExplorerOptions {
  /** Headers every tab starts with, e.g. `{ Authorization: 'Bearer <key>' }`; none when absent or empty. */
  headers?: Record<string, string>;
}

export function graphiqlOptions({ headers = {} }: ExplorerOptions = {}): GraphiQLOptions {
  const headerText = Object.keys(headers).length > 0 ? JSON.stringify(headers, null, 2) : null;
  const tabs = GRAPHIQL_EXAMPLES.map(({ file, variables }) => ({
    query: readExample(file),
    variables: variables ? JSON.stringify(variables, null, 2) : null,
    headers: headerText,
  }));
  return {
    title: GRAPHIQL_TITLE,
    defaultTabs: tabs,
    // What a tab opened with "+" starts with.
    defaultQuery: readExample(GRAPHIQL_EXAMPLES[0]!.file),
    // Its subscriptions are GET requests over Server-Sent Events: the header says they come from a page of the
    // gateway's own, not a cross-site form (what CSRF prevention guards against).
    additionalHeaders: { [CSRF_HEADER]: 'graphiql' },
    ...(headerText !== null && { headers: headerText, defaultHeaders: headerText }),
  };
}

export interface GraphiQLPage {
  html: string;
  contentSecurityPolicy: string;
  /** A strong validator of the page: a hash of its text. */
  etag: string;
}

/**
 * The page, rendered by `@graphql-yoga/render-graphiql`. That module holds every asset inline (about 80 MB of
 * memory once loaded), so it is loaded on the first visit, never by a gateway whose GraphiQL nobody opens.
 */
export async function renderGraphiQLPage(options: GraphiQLOptions): Promise<GraphiQLPage> {
  // The renderer pastes the options as JSON into the page's script, unescaped.
  if (/<\/script|<!--/i.test(JSON.stringify(options))) {
    throw new Error('GraphiQL options must not contain "</script" or "<!--": the page inlines them in a <script>');
  }
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const html = withReturningVisitFix(renderGraphiQL(options), devKeyAuthorization(options.headers));
  const etag = `"${createHash('sha256').update(html, 'utf8').digest('base64url').slice(0, 32)}"`;
  return { html, contentSecurityPolicy: graphiqlContentSecurityPolicy(inlineScripts(html)), etag };
}

/** The `Authorization` of the tabs' headers when it holds a development key. */
function devKeyAuthorization(headers: string | undefined): string | null {
  const value: unknown = headers ? (JSON.parse(headers) as Record<string, unknown>)['Authorization'] : undefined;
  return typeof value === 'string' && /^Bearer dev-[A-Za-z0-9_-]+$/.test(value) ? value : null;
}

/** The script of graphiql-returning-visit.ts, first in the page's body: it must run before GraphiQL reads storage. */
function withReturningVisitFix(html: string, headers: string | null): string {
  const body = /<body[^>]*>/i.exec(html);
  if (!body) throw new Error('no <body> in the GraphiQL page');
  const at = body.index + body[0].length;
  return `${html.slice(0, at)}\n<script>${returningVisitScript(headers)}</script>${html.slice(at)}`;
}

/** The text of each inline <script> of a page, as a browser delimits it: up to the first `</script`. */
export function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  const lower = html.toLowerCase();
  let at = lower.indexOf('<script');
  while (at !== -1) {
    const start = lower.indexOf('>', at) + 1;
    const end = lower.indexOf('</script', start);
    if (start === 0 || end === -1) throw new Error('unterminated <script> in the GraphiQL page');
    if (!/\ssrc\s*=/.test(lower.slice(at, start))) scripts.push(html.slice(start, end));
    at = lower.indexOf('<script', end + '</script'.length);
  }
  return scripts;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Only the gateway's own page and the gateway's own /graphql; every exception is something the page holds. */
export function graphiqlContentSecurityPolicy(inlineScriptTexts: string[]): string {
  return [
    "default-src 'none'",
    // The one inline script (GraphiQL, its options and the editor) by its hash, so no other script can run.
    `script-src ${inlineScriptTexts.map(sha256).join(' ')}`,
    // Monaco, the editor, adds <style> elements and style attributes without a nonce; they cannot be hashed ahead.
    "style-src 'unsafe-inline'",
    // The favicon, icons and fonts are data: URLs inside the page.
    'img-src data:',
    'font-src data:',
    // The editor's language workers are Blobs the inline script makes from its own text.
    'worker-src blob:',
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface Explorer {
  /** yoga's `graphiql` option. */
  graphiql: GraphiQLOptions;
  /** yoga's `renderGraphiQL` option. */
  renderGraphiQL: () => Promise<string>;
  /** Puts the page's content security policy on the GraphiQL response. */
  plugin: Plugin;
}

export function createExplorer(options: ExplorerOptions = {}): Explorer {
  const graphiql = graphiqlOptions(options);
  // Rendered and hashed once, at the first visit: the options are fixed and the page is 9 MB of inlined assets.
  let page: Promise<GraphiQLPage> | undefined;
  const renderPage = () => (page ??= renderGraphiQLPage(graphiql));
  return {
    graphiql,
    renderGraphiQL: async () => (await renderPage()).html,
    plugin: {
      async onResponse({ request, response, setResponse }) {
        if (request.method === 'GET' && response.headers.get('content-type')?.startsWith('text/html')) {
          const { contentSecurityPolicy, etag } = await renderPage();
          response.headers.set('content-security-policy', contentSecurityPolicy);
          // Kept by the browser and revalidated each visit: 9 MB go out once, then a 304 (private: it may hold a dev key).
          response.headers.set('etag', etag);
          response.headers.set('cache-control', 'private, no-cache');
          if (matchesEtag(request.headers.get('if-none-match'), etag)) {
            setResponse(new Response(null, { status: 304, headers: { etag, 'cache-control': 'private, no-cache', vary: 'Accept-Encoding' } }));
          }
        }
      },
    },
  };
}

/** If-None-Match against `etag` by weak comparison (RFC 9110 13.1.2): a compressed copy's `W/` validator matches too. */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .slice(0, 4096)
    .split(',')
    .some((tag) => {
      const candidate = tag.trim();
      return candidate === '*' || candidate.replace(/^W\//, '') === etag;
    });
}
