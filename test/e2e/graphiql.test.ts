/**
 * GraphiQL as a person sees it: Debian's chromium opens /graphql on a gateway over its simulators, the run button
 * runs the default tab, and the seed's hostname shows in the result pane. Nothing may be loaded from elsewhere.
 * `.ci/run` installs chromium; without it the tests skip with one line, or fail under CI=true.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/app.js';
import { startGatewayOnSimulators } from '../helpers/gateway.js';
import { SEED } from '../helpers/stack.js';
import { CHROMIUM_INSTALL, systemComponent } from '../helpers/system-component.js';

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
});
