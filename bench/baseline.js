// The baseline of the benchmark: a bare Fastify app (the same Fastify as baesong's) that answers
// each scenario's route with a fixed JSON body of the same shape as baesong's answer, with no
// authentication, no validation and no database. It is plain JavaScript so that `node` starts
// it directly, like `node dist/cli.js serve`, and the two start-up times compare.
//
// Environment: PORT, HOST (default 127.0.0.1), and BASELINE_ROUTES, the path of a JSON file
// `[{method, route, status, body}]` that the harness writes from baesong's own sample answers.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import Fastify from 'fastify';

const routes = process.env.BASELINE_ROUTES
  ? JSON.parse(readFileSync(process.env.BASELINE_ROUTES, 'utf8'))
  : [];

const app = Fastify();
app.get('/healthz', async () => ({ status: 'ok' }));
for (const { method, route, status, body } of routes) {
  app.route({ method, url: route, handler: async (_request, reply) => reply.code(status).send(body) });
}

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
const stop = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
