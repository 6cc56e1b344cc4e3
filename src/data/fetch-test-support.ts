// A loopback HTTP server and generated archives in the real CIFAR layout, for the fetch tests:
// the internet is never used.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { create } from 'tar';
import { writeCifar10, writeCifar100 } from './readers/cifar-test-support.js';
import { tempDir } from './readers/format-test-support.js';

export interface Archive {
  bytes: Buffer;
  md5: string;
}

/** cifar-10-binary.tar.gz (or the CIFAR-100 one) as the test builds it: the real folder, small batches. */
export async function buildCifarArchive(dataset: 'cifar10' | 'cifar100'): Promise<Archive> {
  const root = tempDir();
  const folder = dataset === 'cifar10' ? writeCifar10(root, 10, 10) : writeCifar100(root, 50, 10);
  const file = path.join(tempDir(), `${dataset}.tar.gz`);
  await create({ gzip: true, file, cwd: root }, [path.basename(folder)]);
  const bytes = readFileSync(file);
  return { bytes, md5: createHash('md5').update(bytes).digest('hex') };
}

export type Route = (response: ServerResponse) => void;

/** Serves `routes` (path → handler) on 127.0.0.1 at a free port; anything else is a 404. */
export async function serve(routes: Record<string, Route>): Promise<{ base: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const route = routes[request.url ?? ''];
    if (route) route(response);
    else response.writeHead(404, 'Not Found').end('no such file\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The archive with a Content-Length, in a few chunks. */
export const sendFile =
  (bytes: Buffer, withLength = true): Route =>
  (response) => {
    response.writeHead(200, { 'content-type': 'application/gzip', ...(withLength ? { 'content-length': String(bytes.length) } : {}) });
    const step = Math.ceil(bytes.length / 4);
    for (let at = 0; at < bytes.length; at += step) response.write(bytes.subarray(at, at + step));
    response.end();
  };

export const redirectTo =
  (location: string): Route =>
  (response) =>
    response.writeHead(302, { location }).end();
