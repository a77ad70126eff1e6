import { Global, Module } from '@nestjs/common';
import { type AppConfig, loadConfig } from './config.js';

export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class AppConfigModule {
  /** `config` overrides the environment: tests pass their own. */
  static forRoot(config: AppConfig = loadConfig()) {
    return { module: AppConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}
