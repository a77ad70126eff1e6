import { failureClassOf, PermanentMessageError } from './failure-class.js';

const pgError = (code: string, message = 'error') => Object.assign(new Error(message), { code });

describe('failureClassOf', () => {
  it.each([
    ['a message that failed validation', new PermanentMessageError('invalid'), 'permanent'],
    ['invalid text (22P02)', pgError('22P02'), 'permanent'],
    ['a NUL in jsonb (22P05)', pgError('22P05'), 'permanent'],
    ['numeric overflow (22003)', pgError('22003'), 'permanent'],
    ['a check violation (23514)', pgError('23514'), 'permanent'],
    [
      'TypeORM QueryFailedError of a unique violation',
      Object.assign(new Error('dup'), { driverError: { code: '23505' } }),
      'permanent',
    ],
    ['a serialization failure (40001)', pgError('40001'), 'transient'],
    ['a deadlock (40P01)', pgError('40P01'), 'transient'],
    ['a statement timeout (57014)', pgError('57014'), 'transient'],
    ['a terminated backend (57P01)', pgError('57P01'), 'unavailable'],
    ['too many connections (53300)', pgError('53300'), 'unavailable'],
    ['a refused connection', pgError('ECONNREFUSED'), 'unavailable'],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly'), 'unavailable'],
    ['a database closed to connections', pgError('55000', 'database "x" is not currently accepting connections'), 'unavailable'],
    ['an unknown error', new Error('something else'), 'transient'],
    ['a thrown string', 'oops', 'transient'],
  ])('%s is %s', (_, error, expected) => {
    expect(failureClassOf(error)).toBe(expected);
  });
});
