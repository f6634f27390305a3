// Server processes of their own (`server/main.ts` on a free port) against one database, for tests
// that several processes sharing PostgreSQL behave like one.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcesses {
  /** Starts a server on the database URL and resolves with its port. */
  start(url: string): Promise<number>;
  /** Stops every server started, and waits for them to exit. */
  stopAll(): Promise<void>;
}

export function serverProcesses(): ServerProcesses {
  const procs: ChildProcess[] = [];
  return {
    start(url) {
      const p = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          NODE_ENV: 'test',
          YRD_SEED_DEMO: 'false',
          YRD_PRINT_ADDRESS: '1',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      procs.push(p);
      return new Promise((resolve, reject) => {
        let out = '';
        p.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening http:\/\/[^:]+:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        p.on('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
      });
    },
    async stopAll() {
      for (const p of procs) p.kill('SIGTERM');
      await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.on('exit', r)))));
    },
  };
}
