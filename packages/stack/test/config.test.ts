import { prometheusConfig, scrapeTargets } from '../src/components/prometheus.ts';
import { contractEnv, instanceFor, parseStackEnv } from '../src/instance.ts';
import { jestCounts, jestWorkerArgs, summaryLine } from '../src/jest-summary.ts';
import { peerAddressEnv, SERVICES, servicePorts } from '../src/services.ts';

const root = '/repo';

describe('instances', () => {
  it('uses the documented dev ports and shifts every one by 10000 for test', () => {
    const dev = instanceFor('dev', { root, env: {} });
    const test = instanceFor('test', { root, env: {} });
    expect(dev.ports).toEqual({
      mysql: 3306,
      nats: 4222,
      natsMonitor: 8222,
      gcs: 4443,
      prometheus: 9090,
      gateway: 8080,
    });
    for (const key of Object.keys(dev.ports) as Array<keyof typeof dev.ports>) {
      expect(test.ports[key]).toBe(dev.ports[key] + 10_000);
    }
    expect(dev.dir).toBe('/repo/.visor/dev');
    expect(test.dir).toBe('/repo/.visor/test');
  });

  it('takes base ports from the environment', () => {
    const test = instanceFor('test', { root, env: { VISOR_MYSQL_PORT: '3307', VISOR_GATEWAY_PORT: '8081' } });
    expect(test.ports.mysql).toBe(13307);
    expect(test.ports.gateway).toBe(18081);
  });

  it('rejects a port variable that is not a usable port, naming it', () => {
    expect(() => parseStackEnv({ VISOR_NATS_PORT: 'many' })).toThrow(/VISOR_NATS_PORT/);
    expect(() => parseStackEnv({ VISOR_GCS_PORT: '60000' })).toThrow(/VISOR_GCS_PORT/);
  });

  it('exports the environment contract of docs/conventions.md', () => {
    const env = contractEnv(instanceFor('test', { root, env: {} }));
    expect(env).toMatchObject({
      VISOR_MYSQL_URL: 'mysql://visor:visor@127.0.0.1:13306/visor',
      VISOR_NATS_URL: 'nats://127.0.0.1:14222',
      STORAGE_EMULATOR_HOST: 'http://127.0.0.1:14443',
      VISOR_GCS_BUCKET: 'visor-images',
      VISOR_PROMETHEUS_URL: 'http://127.0.0.1:19090',
      VISOR_MODELS_DIR: '/repo/models/build',
      VISOR_DATASETS_DIR: '/shared/datasets',
    });
  });
});

describe('services table', () => {
  it('gives the documented ports, the gateway on VISOR_GATEWAY_PORT', () => {
    const dev = instanceFor('dev', { root, env: { VISOR_GATEWAY_PORT: '8181' } });
    const byName = Object.fromEntries(SERVICES.map((s) => [s.name, servicePorts(s, dev)]));
    expect(byName.detection).toEqual({ name: 'detection', grpcPort: 50051, httpPort: 9101 });
    expect(byName.enrollment).toEqual({ name: 'enrollment', grpcPort: 50054, httpPort: 9104 });
    expect(byName.gateway).toEqual({ name: 'gateway', grpcPort: undefined, httpPort: 8181 });
    const test = instanceFor('test', { root, env: {} });
    expect(peerAddressEnv(test).VISOR_MATCHING_ADDR).toBe('127.0.0.1:60053');
    expect(peerAddressEnv(test).VISOR_GATEWAY_ADDR).toBeUndefined();
  });
});

describe('prometheus.yml', () => {
  it('scrapes itself and every service, and the test target only on the test instance', () => {
    const dev = instanceFor('dev', { root, env: {} });
    const test = instanceFor('test', { root, env: { VISOR_TEST_SCRAPE_PORT: '19199' } });
    expect(scrapeTargets(dev).map((t) => t.job)).toEqual([
      'prometheus',
      'detection',
      'embedding',
      'matching',
      'enrollment',
      'gateway',
    ]);
    expect(scrapeTargets(test)).toContainEqual({ job: 'visor-test-target', target: '127.0.0.1:19199' });
    expect(scrapeTargets(test)).toContainEqual({ job: 'gateway', target: '127.0.0.1:18080' });
    expect(scrapeTargets(test)).toContainEqual({ job: 'prometheus', target: '127.0.0.1:19090' });
  });

  it('scrapes every 2 s on the test instance', () => {
    const text = prometheusConfig(instanceFor('test', { root, env: {} }));
    expect(text).toContain('  scrape_interval: 2s\n');
    expect(text).toContain("  - job_name: detection\n    static_configs:\n      - targets: ['127.0.0.1:19101']\n");
    expect(prometheusConfig(instanceFor('dev', { root, env: {} }))).not.toContain('visor-test-target');
  });
});

describe('jest summary', () => {
  it('counts pending and todo tests as skipped', () => {
    const counts = jestCounts({ numPassedTests: 7, numFailedTests: 1, numPendingTests: 2, numTodoTests: 1 });
    expect(summaryLine(counts)).toBe('7 passed, 1 failed, 3 skipped');
  });

  it('caps workers at 2 unless the caller chose', () => {
    expect(jestWorkerArgs(['packages/stack'])).toEqual(['--maxWorkers=2']);
    expect(jestWorkerArgs(['--runInBand'])).toEqual([]);
    expect(jestWorkerArgs(['--maxWorkers=1'])).toEqual([]);
  });
});
