import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestApp, testApp } from '../support/server.js';

describe.each(engines)('the OpenAPI document of the Coupang routes ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is read field by field
  let doc: any;
  beforeAll(async () => {
    t = await testApp({}, databaseUrl);
    doc = (await t.request({ method: 'GET', url: '/openapi.json' })).body;
  });
  afterAll(() => t.close());

  it('describes the CEA Authorization header as the coupangHmac scheme', () => {
    expect(doc.components.securitySchemes.coupangHmac).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    });
    expect(doc.components.securitySchemes.coupangHmac.description).toContain('CEA algorithm=HmacSHA256');
    expect(doc.tags.map((tag: { name: string }) => tag.name)).toEqual(
      expect.arrayContaining(['Coupang gateway', 'Coupang outbound']),
    );
  });

  it('documents every outbound route with its tag, security and schemas', () => {
    const routes = [
      ['post', '/v2/providers/openapi/apis/api/v4/vendors/{vendorId}/outboundShippingCenters'],
      ['post', '/v2/providers/openapi/apis/api/v5/vendors/{vendorId}/outboundShippingCenters'],
      [
        'put',
        '/v2/providers/openapi/apis/api/v4/vendors/{vendorId}/outboundShippingCenters/{outboundShippingPlaceCode}',
      ],
      [
        'put',
        '/v2/providers/openapi/apis/api/v5/vendors/{vendorId}/outboundShippingCenters/{outboundShippingPlaceCode}',
      ],
      ['get', '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound'],
      ['get', '/v2/providers/marketplace_openapi/apis/api/v2/vendor/shipping-place/outbound'],
    ] as const;
    for (const [method, path] of routes) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation.tags).toEqual(['Coupang outbound']);
      expect(operation.security).toEqual([{ coupangHmac: [] }]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
    }
    // Listed once, under the sandbox; the coupangHmac scheme says the keys come from it.
    expect(doc.paths['/sandbox/vendors'].post.tags).toEqual(['Sandbox']);
  });

  it('documents every return center route with its tag, security and schemas', () => {
    const vendor = (v: string) =>
      `/v2/providers/openapi/apis/api/${v}/vendors/{vendorId}/returnShippingCenters`;
    const routes = [
      ...['v4', 'v5'].flatMap((v) => [
        ['post', vendor(v)],
        ['get', vendor(v)],
        ['put', `${vendor(v)}/{returnCenterCode}`],
      ]),
      ['get', '/v2/providers/openapi/apis/api/v3/return/shipping-places/center-code'],
      ['get', '/v2/providers/greatwall_api/apis/api/v2/return/shipping-places/center-code'],
    ] as const;
    for (const [method, path] of routes) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation.tags).toEqual(['Coupang return centers']);
      expect(operation.security).toEqual([{ coupangHmac: [] }]);
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(['200', '400', '401', '429', '500']),
      );
    }
    expect(doc.tags.map((tag: { name: string }) => tag.name)).toContain('Coupang return centers');
    const create = doc.paths[vendor('v4')].post;
    expect(Object.keys(create.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['goodsflowInfoOpenApiDto', 'placeAddresses']),
    );
  });
});
