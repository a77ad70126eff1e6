import {
  activeTraceparent,
  inBatchSpans,
  inClientSpan,
  inConsumerSpan,
  inProducerSpan,
  startConsumerSpan,
  startProducerSpans,
} from './spans.js';
import { tracingOn } from './tracing.js';

/** Tracing off (no OTLP endpoint): every hop calls straight through, and nothing is described, made or written. */
describe('span helpers with tracing off', () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const unasked = () => {
    throw new Error('asked for a span while tracing is off');
  };

  it('is off until started', () => {
    expect(tracingOn()).toBe(false);
    expect(activeTraceparent()).toBeUndefined();
  });

  it('sends without a span or a header', async () => {
    const headers = { 'x-correlation-id': 'c-1' };
    await expect(inProducerSpan(unasked, headers, () => Promise.resolve('sent'))).resolves.toBe('sent');
    expect(headers).toEqual({ 'x-correlation-id': 'c-1' });
  });

  it('consumes without a span, even when the message carries a trace', () => {
    expect(startConsumerSpan(unasked, { traceparent })).toBeUndefined();
    expect(inConsumerSpan(unasked, { traceparent }, () => 'done')).toBe('done');
  });

  it('publishes stored events as they were stored, and commits batches without asking for their members', async () => {
    expect(startProducerSpans('send', [traceparent], unasked)).toBeUndefined();
    await expect(inBatchSpans({ batch: 'b', member: 'm' }, unasked, () => Promise.resolve(3))).resolves.toBe(3);
  });

  it('calls out without a span, and without reading the stored trace', async () => {
    await expect(inClientSpan(unasked, unasked, () => Promise.resolve(204), unasked)).resolves.toBe(204);
  });

  it('passes failures on untouched', async () => {
    const failure = new Error('broker away');
    await expect(inProducerSpan(unasked, {}, () => Promise.reject(failure))).rejects.toBe(failure);
    await expect(inBatchSpans({ batch: 'b', member: 'm' }, unasked, () => Promise.reject(failure))).rejects.toBe(failure);
    await expect(inClientSpan(unasked, unasked, () => Promise.reject(failure))).rejects.toBe(failure);
  });
});
