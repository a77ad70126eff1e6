import { startUpOutput } from '#test-support/startup-output.js';

describe('LOG_LEVEL', () => {
  it('holds back the start-up lines below it too', async () => {
    const lines = await startUpOutput('warn');
    const levels = lines.map((line) => (JSON.parse(line) as { level: string }).level);
    expect(levels.filter((level) => level === 'info' || level === 'debug')).toEqual([]);
  });
});
