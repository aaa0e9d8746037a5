import { createServer } from 'node:http';

export interface AttackerSite {
  /** Where the pages are: another port of the same host as the app, so same-site but not same-origin. */
  baseUrl: string;
  stop(): Promise<void>;
}

/** A small HTTP server of someone else's pages, by path, on 127.0.0.1 and a free port. */
export function startAttackerSite(pages: Record<string, string>): Promise<AttackerSite> {
  const server = createServer((request, response) => {
    const page = pages[request.url ?? ''];
    response.writeHead(page === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ?? 'Not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || !address) return reject(new Error('no port'));
      resolve({
        baseUrl: `http://127.0.0.1:${address.port}`,
        stop: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
