import type { ChildProcess } from 'node:child_process';

export type ServiceName = 'orders' | 'analytics' | 'api-gateway';

export interface ServiceDefinition {
  name: ServiceName;
  /** Relative to the repository root. */
  entry: string;
  portVariable: string;
  defaultPort: number;
  heapFlags: string[];
}

export interface RunningService {
  name: ServiceName;
  child: ChildProcess;
  port: number;
  url: string;
  running(): boolean;
  ready(options?: { timeoutMs?: number }): Promise<void>;
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  port?: number;
  log?: string;
  watch?: boolean;
  nodeFlags?: string[];
}

export const ROOT: string;
export const SERVICES: ServiceDefinition[];
export function serviceNamed(name: string): ServiceDefinition;
export function nodeArguments(name: ServiceName): string[];
export function portIn(name: ServiceName, env: NodeJS.ProcessEnv): number;
export function readiness(port: number): Promise<{ ready: boolean; why?: string }>;
export function freePort(): Promise<number>;
export function lastLines(file: string, count?: number): string;
export function startService(name: ServiceName, options?: StartOptions): RunningService;
