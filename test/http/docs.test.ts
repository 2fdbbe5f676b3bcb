import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/server.js';

interface Operation {
  tags?: string[];
}

describe('the /docs page and its document', () => {
  let t: TestApp;
  let doc: { tags: { name: string }[]; paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    t = await testApp();
    doc = (await t.request({ method: 'GET', url: '/openapi.json' })).body;
  });
  afterAll(() => t.close());

  it("carries baesong's name, in its title and in place of Swagger's logo", async () => {
    const page = await t.request({ method: 'GET', url: '/docs/' });
    expect(page.body).toContain('<title>baesong API</title>');
    const initializer = await t.request({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(initializer.body).toContain(`data:image/svg+xml;base64,`);
    const logo = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(initializer.body)?.[1] ?? '';
    expect(Buffer.from(logo, 'base64').toString('utf8')).toContain('>baesong</text>');
  });

  it('lists PortOne first, then Coupang, then the sandbox, every tag it uses declared', () => {
    const declared = doc.tags.map((tag) => tag.name);
    const platform = (name: string) => name.split(' ')[0];
    expect([...new Set(declared.map(platform))]).toEqual(['PortOne', 'Coupang', 'Sandbox']);
    const used = new Set(
      Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags ?? [])),
    );
    expect([...used].filter((tag) => !declared.includes(tag))).toEqual([]);
  });

  it('shows each operation under one tag, so once on the page', () => {
    const twice = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => (op.tags ?? []).length !== 1)
        .map(([method, op]) => `${method.toUpperCase()} ${path}: ${JSON.stringify(op.tags)}`),
    );
    expect(twice).toEqual([]);
  });
});
