import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Debian's nginx running docs/deploy/nginx.conf in front of a local app, for the nginx benchmark
 * (tests/bench/nginx.ts) and the deployment test (tests/e2e/nginx-deploy.test.ts). The deployment
 * file is used as written except for what must differ on a test machine: the app's port, the
 * listening address and the cache folder. It runs in the foreground as the current user, with a
 * temp prefix (-p) holding its configuration, temp files, logs and cache.
 */

export const DEPLOY_CONFIG = path.join(import.meta.dirname, '..', '..', 'docs', 'deploy', 'nginx.conf');

export interface RunningNginx {
  base: string;
  pid: number;
  /** The $upstream_cache_status of every request logged since the previous call ("-" when uncached). */
  takeCacheStatuses(): string[];
  stop(): Promise<void>;
}

/** The nginx binary: NGINX_PATH, Debian's /usr/sbin/nginx, or nginx on PATH; null when there is none. */
export function findNginx(): string | null {
  for (const candidate of [process.env.NGINX_PATH, '/usr/sbin/nginx', 'nginx']) {
    if (candidate && spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return null;
}

/** "1.22.1" */
export function nginxVersion(binary: string): string {
  const { stderr } = spawnSync(binary, ['-v'], { encoding: 'utf8' });
  return stderr.trim().replace(/^nginx version: nginx\//, '');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** docs/deploy/nginx.conf with the machine-specific values swapped; throws if the file changed shape. */
export function localCopyOfDeployConfig(options: { appPort: number; port: number; cacheDir: string }): string {
  let text = fs.readFileSync(DEPLOY_CONFIG, 'utf8');
  const swap = (from: string | RegExp, to: string) => {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`${DEPLOY_CONFIG} no longer contains ${String(from)}`);
    text = next;
  };
  swap('server 127.0.0.1:3000;', `server 127.0.0.1:${options.appPort};`);
  swap('/var/cache/nginx/claimbench', options.cacheDir);
  swap(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${options.port};`);
  swap(/^\s*listen \[::\]:80;\n/m, '');
  return text;
}

export async function startNginx(options: { appPort: number; workers?: number; logCacheStatus?: boolean; extraHttp?: string }): Promise<RunningNginx> {
  const binary = findNginx();
  if (!binary) throw new Error('nginx is not installed: apt-get install nginx (Debian) or set NGINX_PATH');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimbench-nginx-'));
  const port = await freePort();
  const cacheLog = path.join(dir, 'cache.log');
  fs.writeFileSync(path.join(dir, 'claimbench.conf'), localCopyOfDeployConfig({ appPort: options.appPort, port, cacheDir: path.join(dir, 'cache') }));
  const user = os.userInfo();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${path.join(dir, kind)};`);
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      // As root, workers would otherwise switch to nobody, who cannot enter the private temp folder.
      ...(user.uid === 0 ? [`user ${user.username};`] : []),
      `worker_processes ${options.workers ?? 1};`,
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${path.join(dir, 'error.log')} warn;`,
      'events { worker_connections 4096; }',
      'http {',
      ...temp,
      options.logCacheStatus ? "  log_format cache_status '$upstream_cache_status';" : '',
      options.logCacheStatus ? `  access_log ${cacheLog} cache_status;` : '  access_log off;',
      `  include ${path.join(dir, 'claimbench.conf')};`,
      options.extraHttp ?? '',
      '}',
      '',
    ].join('\n'),
  );

  const child: ChildProcess = spawn(binary, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], {
    detached: true,
    stdio: 'ignore',
  });
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      killGroup('SIGTERM'); // fast shutdown of the master and its workers
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    removeDir();
  };

  const base = `http://127.0.0.1:${port}`;
  const errorLog = () => (fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8').slice(-2000) : '');
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = errorLog();
      removeDir();
      throw new Error(`nginx exited with ${child.exitCode}:\n${log}`);
    }
    try {
      await fetch(`${base}/api/health`);
      break;
    } catch {
      if (Date.now() > deadline) {
        const log = errorLog();
        await stop();
        throw new Error(`nginx did not start listening:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  let logOffset = 0;
  return {
    base,
    pid: child.pid ?? 0,
    takeCacheStatuses: () => {
      if (!fs.existsSync(cacheLog)) return [];
      const text = fs.readFileSync(cacheLog, 'utf8');
      const fresh = text.slice(logOffset);
      logOffset = text.length;
      return fresh.split('\n').filter((line) => line !== '');
    },
    stop,
  };
}
