/**
 * A link a test can cut: a relay on a Unix socket in a temp folder, in this process, that forwards
 * every connection to PostgreSQL's own socket. `cut()` closes it and drops every connection (a
 * client then finds no socket: the hub is unreachable); `restore()` listens again on the same path.
 * Stopped with `close()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CuttableLink {
  /** The folder to use as the client's socket host (?host=<dir>&port=<the server's port>). */
  dir: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function cuttableLink(target: { socketDir: string; port: number }): Promise<CuttableLink> {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-link-'));
  const name = `.s.PGSQL.${target.port}`;
  const open = new Set<Socket>();
  let server: Server | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(join(target.socketDir, name));
        open.add(client);
        open.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(join(dir, name), () => {
        server = s;
        resolve();
      });
    });
  const cut = async () => {
    const s = server;
    server = null;
    for (const sock of open) sock.destroy();
    open.clear();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };
  await listen();
  return {
    dir,
    cut,
    restore: listen,
    async close() {
      await cut();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
