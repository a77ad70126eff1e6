import { isPrivateAddress, PrivateAddressError, resolvePublic, urlProblem } from './outbound-address.js';

const strict = { allowHttp: false, allowPrivateNetworks: false };

describe('outbound address policy', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
    '224.0.0.1',
  ])('calls %s private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111'])('calls %s public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it.each([
    ['http://hooks.example.com/x', /https/],
    ['ftp://hooks.example.com/x', /https/],
    ['not a url', /absolute URL/],
    ['https://user:pw@hooks.example.com/', /credentials/],
    ['https://localhost:8443/', /loopback/],
    ['https://127.1/', /loopback/],
    ['https://2130706433/', /loopback/],
    ['https://0x7f.0.0.1/', /loopback/],
    ['https://[::1]/', /loopback/],
    ['https://[::ffff:169.254.169.254]/', /metadata/],
    ['https://169.254.169.254/latest/meta-data', /metadata/],
  ])('refuses %s', (url, message) => {
    expect(urlProblem(url, strict)).toMatch(message);
  });

  it('accepts a public https URL, and http or private ones only where the operator allows them', () => {
    expect(urlProblem('https://hooks.example.com/orders?x=1', strict)).toBeUndefined();
    expect(urlProblem('http://127.0.0.1:8080/', { allowHttp: true, allowPrivateNetworks: true })).toBeUndefined();
    expect(urlProblem('http://127.0.0.1:8080/', { allowHttp: true, allowPrivateNetworks: false })).toMatch(/loopback/);
  });

  it('refuses a name that resolves to a private address, after resolution', async () => {
    await expect(resolvePublic('localhost', strict)).rejects.toBeInstanceOf(PrivateAddressError);
    await expect(resolvePublic('localhost', { ...strict, allowPrivateNetworks: true })).resolves.not.toHaveLength(0);
  });
});
