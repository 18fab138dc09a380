// A Visor service: `node services/<name>/src/main.ts` with the environment contract, its ports and the gRPC
// addresses of its peers; ready when its HTTP side port answers /readyz.
import path from 'node:path';
import { SERVICE_PROCESS_ENV } from '@visor/testkit';
import { baseProcessEnv, type Component, logFileOf } from '../component.ts';
import { httpOk } from '../health.ts';
import { contractEnv, type Instance } from '../instance.ts';
import { peerAddressEnv, type ServiceSpec, servicePorts } from '../services.ts';

export function serviceMain(instance: Instance, name: string): string {
  return path.join(instance.servicesDir, name, 'src', 'main.ts');
}

export function service(instance: Instance, spec: ServiceSpec, peers: readonly ServiceSpec[]): Component {
  const ports = servicePorts(spec, instance);
  const httpBase = `http://127.0.0.1:${ports.httpPort}`;
  const portUses = [
    {
      port: ports.httpPort,
      purpose: spec.name === 'gateway' ? 'gateway HTTP' : `${spec.name} HTTP (probes, metrics)`,
      envVar: spec.name === 'gateway' ? 'VISOR_GATEWAY_PORT' : undefined,
    },
  ];
  if (ports.grpcPort !== undefined)
    portUses.push({ port: ports.grpcPort, purpose: `${spec.name} gRPC`, envVar: undefined });

  return {
    name: spec.name,
    title: `${spec.name} service`,
    kind: 'service',
    address: ports.grpcPort === undefined ? httpBase : `127.0.0.1:${ports.grpcPort} (http ${httpBase})`,
    ports: portUses,
    // Services may load ONNX models before they report ready.
    startTimeoutMs: 180_000,
    stopGraceMs: 30_000,

    async install() {},

    async prepare() {
      const env: Record<string, string> = {
        ...SERVICE_PROCESS_ENV,
        ...contractEnv(instance),
        ...peerAddressEnv(instance, peers),
        ...baseProcessEnv(instance),
        VISOR_SERVICE_NAME: spec.name,
        // 127.0.0.1 is also @visor/runtime's default; said here so the local stack never listens wider.
        VISOR_HTTP_HOST: '127.0.0.1',
        VISOR_HTTP_PORT: String(ports.httpPort),
      };
      if (ports.grpcPort !== undefined) {
        env.VISOR_GRPC_HOST = '127.0.0.1';
        env.VISOR_GRPC_PORT = String(ports.grpcPort);
      }
      return {
        command: process.execPath,
        args: [serviceMain(instance, spec.name)],
        cwd: instance.root,
        env,
        logFile: logFileOf(instance, spec.name),
      };
    },

    healthy: () => httpOk(`${httpBase}/readyz`),
  };
}
