// npm start: build the web app if web/dist is missing, older than its sources or not a production
// build, then run the server (migrates, seeds the demo when the database is empty, listens on
// PORT, default 3000). The build is always a production build, even with NODE_ENV=development in
// the environment (scripts/web-build.mjs).
import { spawn } from 'node:child_process';
import { buildWeb, webBuildStale } from './web-build.mjs';

if (webBuildStale() && process.env.YRD_SKIP_WEB_BUILD !== '1') {
  console.log('Building the web app (web/dist, production)…');
  const status = buildWeb();
  if (status !== 0) process.exit(status);
}

const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
