import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { type AppConfig, ConfigModule } from '#config';
import { AmqpConnection } from '#messaging';
import { HealthModule } from '#observability';

const POOL = Symbol('PG_POOL');
const CONNECTION = Symbol('AMQP_CONNECTION');

/** The analytics service; for now it reports its health on PostgreSQL and RabbitMQ. */
@Module({})
class AnalyticsAppModule implements OnApplicationShutdown {
  private static pool?: pg.Pool;
  private static connection?: AmqpConnection;

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AnalyticsAppModule,
      imports: [
        ConfigModule.forRoot(config),
        HealthModule.forChecks({
          inject: [POOL, CONNECTION],
          useFactory: (pool: pg.Pool, connection: AmqpConnection) => [
            { name: 'postgres', probe: () => pool.query('SELECT 1').then(() => undefined) },
            {
              name: 'rabbitmq',
              probe: async () => {
                if (!connection.isConnected()) throw new Error('not connected');
              },
            },
          ],
        }),
      ],
      providers: [
        { provide: POOL, useFactory: () => (AnalyticsAppModule.pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 })) },
        {
          provide: CONNECTION,
          useFactory: () => (AnalyticsAppModule.connection = new AmqpConnection(config.amqpUrl, 'analytics')),
        },
      ],
      exports: [POOL, CONNECTION],
      global: true,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await AnalyticsAppModule.connection?.close();
    await AnalyticsAppModule.pool?.end();
  }
}

export function createAnalyticsApp(config: AppConfig, options: { logger?: false } = {}) {
  return NestFactory.create(AnalyticsAppModule.forRoot(config), { abortOnError: false, ...options });
}
