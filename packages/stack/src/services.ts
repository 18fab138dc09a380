// The services of docs/conventions.md, one line each: gRPC port and HTTP side port (/healthz, /readyz, /metrics)
// of the dev instance; the test instance adds 10000. The gateway has no gRPC port: its REST API, probes and
// metrics share one HTTP port (VISOR_GATEWAY_PORT, default 8080).
import type { Instance } from './instance.ts';

export interface ServiceSpec {
  readonly name: string;
  readonly grpcPort: number | undefined;
  readonly httpPort: number;
}

export const SERVICES: readonly ServiceSpec[] = [
  { name: 'detection', grpcPort: 50051, httpPort: 9101 },
  { name: 'embedding', grpcPort: 50052, httpPort: 9102 },
  { name: 'matching', grpcPort: 50053, httpPort: 9103 },
  { name: 'enrollment', grpcPort: 50054, httpPort: 9104 },
  { name: 'gateway', grpcPort: undefined, httpPort: 8080 },
];

export interface ServicePorts {
  readonly name: string;
  readonly grpcPort: number | undefined;
  readonly httpPort: number;
}

/** The ports a service gets in an instance (gateway from VISOR_GATEWAY_PORT, the rest offset by the instance). */
export function servicePorts(spec: ServiceSpec, instance: Instance): ServicePorts {
  const httpPort = spec.name === 'gateway' ? instance.ports.gateway : spec.httpPort + instance.offset;
  const grpcPort = spec.grpcPort === undefined ? undefined : spec.grpcPort + instance.offset;
  return { name: spec.name, grpcPort, httpPort };
}

/** `VISOR_<NAME>_ADDR=127.0.0.1:<grpc port>` for every gRPC service, so callers find each other. */
export function peerAddressEnv(
  instance: Instance,
  services: readonly ServiceSpec[] = SERVICES,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const spec of services) {
    const ports = servicePorts(spec, instance);
    if (ports.grpcPort !== undefined) env[`VISOR_${spec.name.toUpperCase()}_ADDR`] = `127.0.0.1:${ports.grpcPort}`;
  }
  return env;
}
