import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * moto_server (moto 5.2, a widely used AWS emulator) on a free 127.0.0.1 port, started and stopped
 * by the test. `moto_server` must be on PATH: `pip install 'moto[server]==5.2.*'` (.ci/run does).
 *
 * One shim sits in front of it. moto 5.2 writes Config items' `configurationItemCaptureTime` and
 * `resourceCreationTime` as Python `str(datetime)` text ("2026-11-25 13:57:37.730737+00:00"),
 * where AWS JSON 1.1 sends epoch seconds; the JS SDK rejects the text and the whole
 * BatchGetResourceConfig answer with it. The proxy rewrites just those two fields to epoch seconds.
 * Nothing else is touched.
 */
export interface Moto {
  /** The endpoint to give the SDK (the proxy in front of moto). */
  url: string;
  /** Wipe every backend (moto's own reset API). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export function motoServerPath(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return r.status === 0 && path ? path : undefined;
}

export async function startMoto(): Promise<Moto> {
  const bin = motoServerPath();
  if (!bin) throw new Error('moto_server is not on PATH: pip install "moto[server]==5.2.*"');
  const port = await freePort();
  const child: ChildProcess = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'false' } });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-4000);
  });
  const target = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(target, child, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const proxy = await startProxy(port);
  const proxyPort = (proxy.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    async reset() {
      const res = await fetch(`${target}/moto-api/reset`, { method: 'POST' });
      await res.arrayBuffer();
    },
    async close() {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function waitUntilReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${stderr().trim().split('\n').slice(-3).join(' | ')}`);
    try {
      const res = await fetch(`${url}/moto-api/`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`moto_server did not answer on ${url} within 30 s`);
}

const CONFIG_TIMES = new Set(['configurationItemCaptureTime', 'resourceCreationTime']);

function startProxy(motoPort: number): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = request({ host: '127.0.0.1', port: motoPort, method: req.method, path: req.url, headers: req.headers }, (up: IncomingMessage) => {
        const out: Buffer[] = [];
        up.on('data', (c: Buffer) => out.push(c));
        up.on('end', () => {
          let payload = Buffer.concat(out);
          const headers = { ...up.headers };
          if (String(req.headers['x-amz-target'] ?? '').startsWith('StarlingDoveService.') && payload.length) {
            try {
              const fixed = JSON.stringify(epochTimes(JSON.parse(payload.toString('utf8'))));
              payload = Buffer.from(fixed);
              headers['content-length'] = String(payload.length);
            } catch {
              // not JSON: pass through
            }
          }
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(payload);
        });
      });
      upstream.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      upstream.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function epochTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(epochTimes);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = CONFIG_TIMES.has(k) && typeof v === 'string' && !Number.isNaN(Date.parse(v.replace(' ', 'T'))) ? Date.parse(v.replace(' ', 'T')) / 1000 : epochTimes(v);
    }
    return out;
  }
  return value;
}
