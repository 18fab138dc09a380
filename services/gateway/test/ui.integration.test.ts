// The web UI in a real browser: Debian's chromium driven by playwright-core over the real stack (every service a
// child process, MariaDB, NATS, fake-gcs-server, the built ONNX models), with faces-dev photos, the way a user
// works: paste the key, enrol, verify, identify, read the errors; and the OpenAPI page at /docs.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { datasetPath, eventually } from '@visor/testkit';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { findChromium, inCi } from './chromium.ts';
import { type GatewayStack, missingServices, startGatewayStack } from './real-stack.ts';

const missing = missingServices();
const dataset = datasetPath('faces-dev');
const executablePath = findChromium();
// Outside CI a machine without chromium skips (./visor test installs it); in CI that is a failure, below.
const runnable = missing.length === 0 && dataset !== undefined && (executablePath !== undefined || inCi());
if (missing.length > 0) process.stderr.write(`skipping the web UI test: no src/main.ts for ${missing.join(', ')}\n`);
if (!executablePath) {
  process.stderr.write(
    `${inCi() ? 'failing' : 'skipping'} the web UI test: no chromium or chromium-browser on PATH (./visor test installs Debian's chromium; by hand: apt-get install chromium)\n`,
  );
}

const describeUi = runnable ? describe : describe.skip;

describeUi('web UI in chromium (all real services)', () => {
  const photo = (file: string) => path.join(dataset as string, 'images', file);
  const run = randomBytes(3).toString('hex');
  // One-shot enrolment of Biden, as in e2e.test.ts: his second photo must match, Obama's must not.
  const person = { externalId: `biden-${run}`, displayName: 'Joe Biden' };
  let stack: GatewayStack | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!executablePath) throw new Error('CI: chromium is missing; ./visor test installs it with apt-get');
    // The browser first: it is quick, and a broken one should fail before minutes of model loading.
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
    stack = await startGatewayStack('visor_ui');
    page = await openUi(browser);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 120_000);

  afterEach(() => {
    // Uncaught exceptions and CSP refusals on the page are defects even when the visible flow still passed.
    expect(pageErrors).toEqual([]);
  });

  async function openUi(b: Browser): Promise<Page> {
    const p = await b.newPage();
    // A bound on waiting for the page (model inference on a busy 2-core box), not an assertion on speed.
    p.setDefaultTimeout(60_000);
    p.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    p.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) pageErrors.push(msg.text());
    });
    await p.goto(`${stack?.gateway.httpUrl}/`);
    return p;
  }

  const region = (name: string) => page.getByRole('region', { name });
  const keyStatus = (p: Page) => p.getByRole('region', { name: 'API key' }).getByRole('status');

  async function useKey(p: Page, key: string): Promise<string> {
    const section = p.getByRole('region', { name: 'API key' });
    await section.getByLabel('API key').fill(key);
    await section.getByRole('button', { name: 'Use key' }).click();
    await keyStatus(p).and(section.locator('[aria-busy="false"]')).waitFor();
    return (await keyStatus(p).textContent()) ?? '';
  }

  /** Clicks the form's button and returns what its result area shows once the request is over. */
  async function submit(section: Locator, button: string, result: string): Promise<string> {
    await section.getByRole('button', { name: button, exact: true }).click();
    const out = section.getByRole('status', { name: result });
    await out.and(section.locator('[aria-busy="false"]')).waitFor();
    return (await out.textContent()) ?? '';
  }

  async function identify(file: string): Promise<string> {
    const section = region('Identify (1:N, group photos too)');
    await section.getByLabel('Photo', { exact: true }).setInputFiles(photo(file));
    return submit(section, 'Identify', 'Identification result');
  }

  async function verify(file: string): Promise<string> {
    const section = region('Verify (1:1)');
    await section.getByLabel('Subject').selectOption({ label: `${person.externalId} — ${person.displayName}` });
    await section.getByLabel('Photo', { exact: true }).setInputFiles(photo(file));
    return submit(section, 'Verify', 'Verification result');
  }

  it('refuses a bad API key and says why', async () => {
    const other = await openUi(browser as Browser);
    try {
      expect(await keyStatus(other).textContent()).toBe('Paste an API key to start.');
      const status = await useKey(other, `vsr_${randomBytes(16).toString('hex')}`);
      expect(status).toMatch(/^unauthorized: /);
      expect(await other.getByRole('region', { name: 'Subjects' }).getByRole('row').count()).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('takes the key, then enrols a person from a photo', async () => {
    expect(await useKey(page, stack?.key as string)).toBe('Key accepted.');
    const section = region('Enrol a person');
    await section.getByLabel('External id').fill(person.externalId);
    await section.getByLabel('Display name').fill(person.displayName);
    await section.getByLabel('Photos').setInputFiles(photo('facerec_biden.jpg'));
    const result = await submit(section, 'Enrol', 'Enrolment result');
    expect(result.split('\n')[0]).toBe(`Enrolled ${person.externalId} with 1 face(s).`);
    // The subjects table follows, with the person's one face.
    const row = region('Subjects').getByRole('row').filter({ hasText: person.externalId });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      person.externalId,
      person.displayName,
      '1',
      'Delete',
    ]);
  });

  it('lists the enrolled person among the faces of a group photo', async () => {
    // Matching indexes enrolments from their events: identify until it has (bounded), as a user would retry.
    let shown = '';
    await eventually(
      async () => {
        shown = await identify('facerec_obama_and_biden.jpg');
        return shown.includes(person.externalId);
      },
      { intervalMs: 250, timeoutMs: 30_000, describe: () => `the enrolled person never listed: ${shown}` },
    );
    const [found, ...faces] = shown.split('\n');
    expect(found).toMatch(/^[2-9] face\(s\) found\.$/);
    // Faces nobody was found for read "unknown", or "too small" when too narrow to be searched.
    const named = faces.filter((line) => !/: (unknown|too small)$/.test(line));
    expect(named.map((line) => /^face \d+: (\S+)/.exec(line)?.[1])).toEqual([person.externalId]);
    expect(await region('Identify (1:N, group photos too)').getByRole('img').isVisible()).toBe(true);
  });

  it('verifies another photo of the same person as a match and someone else as no match', async () => {
    expect(await verify('facerec_biden2.jpg')).toMatch(/^MATCH \(score [\d.]+, threshold [\d.]+\)$/);
    expect(await verify('facerec_obama3.jpg')).toMatch(/^NO MATCH \(score -?[\d.]+, threshold [\d.]+\)$/);
  });

  it('shows why a non-image upload is refused and leaves no subject behind', async () => {
    const section = region('Enrol a person');
    await section.getByLabel('External id').fill(`not-a-photo-${run}`);
    await section.getByLabel('Display name').fill('');
    await section.getByLabel('Photos').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('these are notes, not a photo\n'),
    });
    const result = await submit(section, 'Enrol', 'Enrolment result');
    expect(result).toMatch(/^unsupported_image: /);
    const res = await fetch(`${stack?.gateway.httpUrl}/v1/subjects?limit=50`, {
      headers: { authorization: `Bearer ${stack?.key}` },
    });
    const { subjects } = (await res.json()) as { subjects: Array<{ externalId: string }> };
    expect(subjects.map((s) => s.externalId)).toEqual([person.externalId]);
  });

  it('renders the API operations at /docs', async () => {
    const docs = await (browser as Browser).newPage();
    try {
      docs.setDefaultTimeout(60_000);
      await docs.goto(`${stack?.gateway.httpUrl}/docs`);
      await docs.getByRole('heading', { name: /Visor API/ }).waitFor();
      const paths = docs.locator('.opblock-summary-path');
      await paths.filter({ hasText: '/v1/identify' }).waitFor();
      const shown = (await paths.allTextContents()).map((text) => text.replace(/\u200b/g, '').trim());
      expect(shown).toEqual(expect.arrayContaining(['/v1/subjects', '/v1/verify', '/v1/identify']));
      expect(await docs.locator('.opblock-summary-method').allTextContents()).toEqual(
        expect.arrayContaining(['GET', 'POST', 'DELETE']),
      );
    } finally {
      await docs.close();
    }
  });
});
