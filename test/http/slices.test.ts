import { describe, expect, it } from 'vitest';
import { checkConfig, defaultConfig } from '../../src/config.js';
import { coupang } from '../../src/coupang/index.js';
import { openDatabase } from '../../src/db/index.js';
import type { ApiSlice } from '../../src/http/slice.js';
import { portone } from '../../src/portone/index.js';
import { buildApp, SLICES } from '../../src/server.js';
import { portoneError } from '../support/portone.js';

const config = checkConfig({ ...defaultConfig, logLevel: 'warn' });

/** PortOne's routes with another envelope: what a second app of the same process must not see. */
const otherPortone: ApiSlice = {
  ...portone,
  renderError: (_request, error) => ({ other: error.message, status: error.status }),
  tags: [{ name: 'Other', description: 'a tag only the second app has' }],
};

async function appWith(slices: readonly ApiSlice[]) {
  const database = await openDatabase(':memory:');
  const app = await buildApp({ config, database, slices });
  return {
    app,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

describe('slices', () => {
  it('two apps in one process keep their own envelopes and tags, in either order of building', async () => {
    const first = await appWith(SLICES);
    const second = await appWith([otherPortone, coupang]);
    const third = await appWith(SLICES);
    try {
      for (const { app } of [first, third]) {
        const res = await app.inject({ method: 'GET', url: '/certifications' });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual(portoneError('Not Found'));
        const tags = (await app.inject({ method: 'GET', url: '/openapi.json' })).json().tags;
        expect(tags.map((t: { name: string }) => t.name)).not.toContain('Other');
      }
      const res = await second.app.inject({ method: 'GET', url: '/certifications' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ other: 'Not Found', status: 404 });
      const tags = (await second.app.inject({ method: 'GET', url: '/openapi.json' })).json().tags;
      expect(tags.map((t: { name: string }) => t.name)).toContain('Other');
      // A platform the app does not serve answers in baesong's own envelope.
      const sandbox = await second.app.inject({ method: 'GET', url: '/sandbox/nothing' });
      expect(sandbox.statusCode).toBe(404);
      expect(sandbox.json()).toEqual({ error: 'Not Found' });
    } finally {
      await Promise.all([first.close(), second.close(), third.close()]);
    }
  });
});
