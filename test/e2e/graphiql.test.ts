/**
 * GraphiQL as a person sees it: Debian's chromium opens /graphql on a gateway over its simulators, the run button
 * runs the default tab, and the seed's hostname shows in the result pane. Nothing may be loaded from elsewhere.
 * `.ci/run` installs chromium; without it the tests skip with one line, or fail under CI=true.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningGateway } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { startGatewayOnSimulators } from '../helpers/gateway.js';
import { SEED } from '../helpers/stack.js';
import { CHROMIUM_INSTALL, systemComponent } from '../helpers/system-component.js';
import { freePort } from '../helpers/free-port.js';

const chromiumBinary = systemComponent('/usr/bin/chromium', CHROMIUM_INSTALL);
const CHROMIUM = chromiumBinary.path;
const artifacts = new URL('../artifacts/', import.meta.url);

describe.skipIf(!chromiumBinary.available)('GraphiQL in a browser', () => {
  let gateway: RunningGateway;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    gateway = await startGatewayOnSimulators();
    // playwright launches with a fresh temporary profile; the flags keep chromium off the (closed) network.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.addInitScript(() => {
      const violations: string[] = [];
      Object.assign(window, { cspViolations: violations });
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  it('runs the default tab with the run button and shows the seed hypernode, loading only from the gateway', async () => {
    const response = await page.goto(`${gateway.url}/graphql`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'sha256-/);
    expect(await page.title()).toBe('hypernode-gateway');

    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 20_000 });
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual([
      'ExploreSeed',
      'HyperNodesOfBothClouds',
      'NodeWithDisks',
      'CreateHyperCluster',
      'FleetOverview',
      'RebootAndFollow',
      'WatchNodes',
    ]);

    await page.locator('.graphiql-execute-button').click({ timeout: 10_000 });
    const resultPane = page.locator('.graphiql-response');
    await resultPane.getByText(SEED.hostname).first().waitFor({ timeout: 15_000 });
    // The editor renders spaces as no-break spaces.
    const result = (await resultPane.innerText()).replaceAll('\u00a0', ' ');
    expect(result).toContain(`"hostname": "${SEED.hostname}"`);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: new URL('graphiql.png', artifacts).pathname });

    const gatewayOrigin = new URL(gateway.url).origin;
    // blob: URLs (the editor's workers) carry the page's origin; data: URLs are content inside the page.
    const elsewhere = requested.filter((url) => !url.startsWith('data:') && new URL(url).origin !== gatewayOrigin);
    expect(requested.length).toBeGreaterThan(1);
    expect(elsewhere).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 45_000);
  it('a returning visit after a restart (a new development key) opens the saved tabs, no empty one, and runs with the new key', async () => {
    // The same origin before and after the restart, so the browser's saved tabs apply: a fixed free port.
    const port = await freePort();
    const startOn = () => startApp(loadConfig({ PORT: String(port), GATEWAY_ADMIN_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), createLogger('silent'));
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const visitor = await context.newPage();
    const errors: string[] = [];
    visitor.on('pageerror', (error) => errors.push(error.message));
    const tabs = async () => {
      await visitor.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 20_000 });
      await visitor.locator('.graphiql-tab').first().waitFor();
      return visitor.locator('.graphiql-tab').allInnerTexts();
    };
    let first: RunningGateway | undefined = await startOn();
    let second: RunningGateway | undefined;
    try {
      await visitor.goto(`${first.url}/graphql`);
      const saved = await tabs();
      await visitor.locator('.graphiql-execute-button').click({ timeout: 10_000 });
      await visitor.locator('.graphiql-response').getByText(SEED.hostname).first().waitFor({ timeout: 15_000 });
      await first.stop();
      first = undefined;

      second = await startOn();
      expect(second.config.auth.devKey).not.toBeNull();
      await visitor.goto(`${second.url}/graphql`);
      expect(await tabs()).toEqual(saved);
      await visitor.locator('.graphiql-execute-button').click({ timeout: 10_000 });
      const resultPane = visitor.locator('.graphiql-response');
      await resultPane.getByText(SEED.hostname).first().waitFor({ timeout: 15_000 });
      expect(await resultPane.innerText()).not.toMatch(/Syntax Error|UNAUTHENTICATED/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await first?.stop();
      await second?.stop();
    }
  }, 60_000);

  it('subscribes from the WatchNodes tab and shows the node as a reboot changes it', async () => {
    if (!page.url().endsWith('/graphql')) await page.goto(`${gateway.url}/graphql`);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 20_000 });
    await page.locator('.graphiql-tab', { hasText: 'WatchNodes' }).click();
    // Run only once the tab's document is in the editor: a run right after the click may still name the last tab's operation.
    await page.locator('.graphiql-query-editor').getByText('nodesChanged').first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(300);
    await page.locator('.graphiql-execute-button').click({ timeout: 10_000 });
    // The subscription is open once the gateway watches the node.
    const started = Date.now();
    while (gateway.yoga.live.hub.counts.nodes === 0) {
      if (Date.now() - started > 15_000) {
        await page.screenshot({ path: new URL('graphiql-watch-nodes-failed.png', artifacts).pathname });
        throw new Error(`GraphiQL did not open the subscription: ${(await page.locator('.graphiql-response').innerText()).slice(0, 500)} ${pageErrors.join(' ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, gateway.config.subscriptions.watchIntervalMs + 200)); // its first look at the node
    const rebooted = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.config.auth.devKey}` },
      body: JSON.stringify({ query: 'mutation ($ids: [ID!]!) { rebootNodes(input: { ids: $ids }) { failures { code } } }', variables: { ids: [SEED.nodeId] } }),
    });
    expect(await rebooted.json()).toEqual({ data: { rebootNodes: { failures: [] } } });
    const resultPane = page.locator('.graphiql-response');
    await resultPane.getByText('UPDATING').first().waitFor({ timeout: 20_000 });
    const result = (await resultPane.innerText()).replaceAll('\u00a0', ' ');
    expect(result).toContain('"nodesChanged"');
    expect(result).toContain('"kind": "REBOOT"');
    await page.screenshot({ path: new URL('graphiql-watch-nodes.png', artifacts).pathname });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

