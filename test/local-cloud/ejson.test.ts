/** The EJSON codec on the values the SDK sends and the edge cases of numbers. */
import { parseEJSON, resolveServerDates, stringifyEJSON } from '../../scripts/local-cloud/ejson';

it('parses what wx-server-sdk sends', () => {
  const text =
    '{"at":{"$date":{"$numberLong":"1700000000000"}},"when":{"$tcb_server_date":{"offset":{"$numberInt":"60000"}}},' +
    '"n":{"$numberDouble":"1.5"},"big":{"$numberLong":"1099511627776"},"re":{"$regularExpression":{"pattern":"^har","options":"ix"}},' +
    '"q":{"$gt":{"$numberInt":"0"}},"list":[{"$numberInt":"1"},"two"]}';
  const value = parseEJSON(text) as Record<string, unknown>;
  expect(value.at).toEqual(new Date(1_700_000_000_000));
  expect(value.when).toEqual({ $tcb_server_date: { offset: 60_000 } });
  expect(value).toMatchObject({ n: 1.5, big: 1_099_511_627_776, q: { $gt: 0 }, list: [1, 'two'] });
  expect(value.re).toEqual(/^har/i);
  expect(resolveServerDates(value.when, 1000)).toEqual(new Date(61_000));
});

it('writes canonical EJSON the SDK reads back, and relaxed EJSON for the disk', () => {
  const doc = {
    int: 7,
    negative: -2_147_483_648,
    double: 0.25,
    wholeDouble: 1_700_000_000_000,
    negativeZero: -0,
    nan: NaN,
    inf: -Infinity,
    at: new Date(5),
    re: /a.b/gim,
    bytes: Buffer.from('hi'),
    nested: [{ x: undefined, y: null }],
  };
  const canonical = stringifyEJSON(doc);
  expect(JSON.parse(canonical)).toEqual({
    int: { $numberInt: '7' },
    negative: { $numberInt: '-2147483648' },
    double: { $numberDouble: '0.25' },
    wholeDouble: { $numberDouble: '1.7000000000000E+12' },
    negativeZero: { $numberDouble: '-0.0' },
    nan: { $numberDouble: 'NaN' },
    inf: { $numberDouble: '-Infinity' },
    at: { $date: { $numberLong: '5' } },
    re: { $regularExpression: { pattern: 'a.b', options: 'im' } },
    bytes: { $binary: { base64: 'aGk=', subType: '00' } },
    nested: [{ y: null }],
  });
  const back = parseEJSON(canonical) as Record<string, unknown>;
  expect(Object.is(back.negativeZero, -0)).toBe(true);
  expect(back).toMatchObject({ int: 7, wholeDouble: 1_700_000_000_000, at: new Date(5), re: /a.b/im });
  expect(Number.isNaN(back.nan)).toBe(true);
  expect(JSON.parse(stringifyEJSON({ n: 3, d: 0.5 }, { relaxed: true }))).toEqual({ n: 3, d: 0.5 });
});
