import { describe, expect, it } from 'vitest';
import { parseWithStringIds } from '../../src/client/ids.js';

describe('parseWithStringIds', () => {
  it('keeps every digit of an 18-digit id and gives ids as strings', () => {
    expect(
      parseWithStringIds('{"shipmentBoxId":640000000000000003,"orderId":20000000000001,"count":3}'),
    ).toEqual({
      shipmentBoxId: '640000000000000003',
      orderId: '20000000000001',
      count: 3,
    });
  });

  it('turns lists of ids into strings, and leaves other numbers and every string alone', () => {
    const text =
      '{"vendorItemIds":[70000000001,123456789012345678901],"note":"a \\"quoted\\" 1234567890123456789 in text",' +
      '"price":12345678901234567.5,"big":-12345678901234567890,"nested":[{"receiptId":300000001}]}';
    expect(parseWithStringIds(text)).toEqual({
      vendorItemIds: ['70000000001', '123456789012345678901'],
      note: 'a "quoted" 1234567890123456789 in text',
      price: Number('12345678901234567.5'),
      big: '-12345678901234567890',
      nested: [{ receiptId: '300000001' }],
    });
  });

  it('throws on text that is not JSON, as JSON.parse does', () => {
    expect(() => parseWithStringIds('{"a":')).toThrow(SyntaxError);
  });
});
