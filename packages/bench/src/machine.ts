// What a benchmark result says about the machine it ran on: cores, CPU, Node, and the load before and after.
import os from 'node:os';
import { round } from './stats.ts';

export interface MachineInfo {
  cpus: number;
  cpu_model: string;
  node: string;
  loadavg_start: number[];
  loadavg_end: number[];
}

/** `loadavgStart`: os.loadavg() taken when the benchmark began. */
export function machineInfo(loadavgStart: number[]): MachineInfo {
  return {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadavg_start: loadavgStart.map((x) => round(x)),
    loadavg_end: os.loadavg().map((x) => round(x)),
  };
}
