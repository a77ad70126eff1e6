import { Webhook } from 'standardwebhooks';
import { newSigningSecret } from '../secrets/secret-box.js';
import { signedHeaders } from './sign.js';

describe('signedHeaders', () => {
  const body = JSON.stringify({ specversion: '1.0', id: 'evt-1', type: 'order.created', data: { é: 'ü' } });

  it('is verified by the reference verifier with the secret, and refused with another', () => {
    const secret = newSigningSecret();
    const headers = signedHeaders('evt-1', body, [secret], new Date());
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace('ü', 'u'), headers)).toThrow();
  });

  it('carries one signature per secret while a rotation overlaps, each verifying alone', () => {
    const [next, previous] = [newSigningSecret(), newSigningSecret()];
    const headers = signedHeaders('evt-1', body, [next, previous], new Date());
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(next).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });
});
