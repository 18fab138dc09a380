// A tiny run of `./visor bench api`: the five real services as child processes on the test stack, two faces-dev
// subjects, two seconds of load at concurrency 2. Checks the report's shape, that nothing failed and that the
// gateway and the in-process pipeline scored the probes alike — never the speed.
import { datasetsDir, describeWithDataset, requireEnv } from '@visor/testkit';
import { runApiBench } from '../src/api.ts';

describeWithDataset('faces-dev', 'api benchmark', () => {
  test('verifies through the gateway and in-process, then under load, with no errors', async () => {
    for (const name of ['VISOR_MYSQL_URL', 'VISOR_NATS_URL', 'STORAGE_EMULATOR_HOST', 'VISOR_GCS_BUCKET']) {
      requireEnv(name);
    }
    const lines: string[] = [];
    const result = await runApiBench({
      datasetsDir,
      subjects: 2,
      enrolPhotos: 2,
      rounds: 1,
      concurrency: 2,
      seconds: 2,
      progress: (line) => lines.push(line),
    });
    expect(result.infrastructure).toBe('environment');
    expect(result.subjects).toBe(2);
    expect(result.enrolled_faces).toBeGreaterThanOrEqual(2);
    expect(result.probes.used).toBeGreaterThan(0);
    expect(result.c1_samples).toBe(result.probes.used);
    expect(result.c1_errors).toEqual({});
    for (const v of [result.verify_ms_p50, result.raw_pipeline_ms_p50, result.overhead_ratio]) {
      expect(v).toBeGreaterThan(0);
    }
    expect(result.cpu_ms_per_verify.raw).toBeGreaterThan(0);
    // Same models, same steps: the gateway's score (4 decimals) is the in-process one.
    expect(result.score_max_abs_diff).toBeLessThan(1e-3);
    expect(result.raw_face_count_mismatches).toBe(0);
    expect(result.model.gateway).toBe(result.model.raw);

    const s = result.sustained;
    expect(s).toMatchObject({ concurrency: 2, errors: 0, connection_errors: 0, timeouts: 0 });
    expect(s.requests).toBeGreaterThan(0);
    expect(Object.keys(s.status)).toEqual(['200']);
    expect(s.outcomes).toEqual({ match: s.requests });
    for (const v of [s.seconds, s.rps, s.p50_ms, s.p99_ms]) expect(v).toBeGreaterThan(0);
    expect(s.p50_ms).toBeLessThanOrEqual(s.p99_ms);

    for (const name of ['detection', 'embedding', 'matching', 'enrollment', 'gateway'] as const) {
      expect(result.rss_mb[name]).toBeGreaterThan(0);
    }
    expect(result.machine.loadavg_start).toHaveLength(3);
    expect(lines.some((l) => l.startsWith('sustained:'))).toBe(true);
  }, 600_000);
});
