// `npm start` builds the web app for production whatever NODE_ENV the environment holds
// (issue 15, defect 13: NODE_ENV=development gave React's development build, 471 KB instead of 258 KB).
import { describe, expect, it } from 'vitest';
import { webBuildCommand } from '../../scripts/web-build.mjs';

describe('web build of npm start', () => {
  for (const nodeEnv of ['development', 'test', undefined]) {
    it(`is a production build with NODE_ENV=${nodeEnv ?? '(unset)'}`, () => {
      const { args, env } = webBuildCommand({ PATH: '/usr/bin', ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}) });
      expect(env.NODE_ENV).toBe('production');
      expect(args.slice(0, 2)).toEqual(['vite', 'build']);
      expect(args[args.indexOf('--mode') + 1]).toBe('production');
      expect(env.PATH).toBe('/usr/bin');
    });
  }
});
