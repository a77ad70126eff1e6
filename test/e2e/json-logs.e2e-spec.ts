import { startUpOutput } from '#test-support/startup-output.js';

describe('service logs', () => {
  it('are one JSON object a line from the very first, Nest start-up lines included', async () => {
    const lines = await startUpOutput('info');
    const parsed = lines.map((line) => JSON.parse(line) as { service?: string; context?: string; msg?: string });
    expect(parsed[0]).toMatchObject({ service: 'orders', context: 'NestFactory', msg: 'Starting Nest application...' });
    expect(parsed.some((l) => l.context === 'InstanceLoader')).toBe(true);
  });
});
