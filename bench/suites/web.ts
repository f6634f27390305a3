// web: what a browser downloads before a route shows — the gzip bytes of JavaScript (and CSS)
// of the first load, per route, against a budget of 300 kB of gzip JavaScript for the first
// route a visitor meets (the sign-in page; a public portal home when there is one).
//
// Builds the web front end into a temporary directory with Vite's manifest (a few seconds; the
// served web/dist is left alone; BENCH_WEB_DIST=<dir> reads a build made with --manifest
// instead), then, per route, adds up the chunks the browser must fetch before the page renders:
//   - index.html's entry script, every chunk it imports statically, and index.html's
//     modulepreload links and stylesheets; the chunk of the Chinese texts (the default language,
//     loaded before the first paint);
//   - for a signed-in route, the lazy BasicLayout chunk and what it imports statically, and the
//     menu's icons (one lazy chunk);
//   - the route's lazy page chunk and its static imports (Vite preloads those with the chunk).
// Chunks are counted once each; sizes are gzip level 9 of the built files, in kB (1000 bytes).
// Routes and their page modules are read from web/src/app/routes.tsx, so a new page is measured
// without touching this file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { round, target, type Metric, type Suite } from '../lib';

const FIRST_ROUTE_BUDGET_KB = 300;
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const WEB = path.join(REPO, 'web');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** A route as measured: the page modules (relative to web/) the route lazily loads. */
interface MeasuredRoute {
  path: string;
  modules: string[];
}

function build(): { dist: string; cleanup: () => void } {
  const given = process.env.BENCH_WEB_DIST;
  if (given) return { dist: path.resolve(given), cleanup: () => {} };
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'yrd-bench-web-'));
  const vite = path.join(REPO, 'node_modules', '.bin', 'vite');
  const res = spawnSync(vite, ['build', '--config', path.join(WEB, 'vite.config.ts'), '--outDir', dist, '--emptyOutDir', '--manifest', '--logLevel', 'warn'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`vite build failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return { dist, cleanup: () => fs.rmSync(dist, { recursive: true, force: true }) };
}

/** Signed-in routes from routes.tsx (path → page module), and the public ones App.tsx and the portal add. */
function routesOf(manifest: Manifest): { login: MeasuredRoute; publicRoutes: MeasuredRoute[]; appRoutes: MeasuredRoute[] } {
  const layout = 'src/app/layout/BasicLayout.tsx';
  // The menu's icons: one lazy chunk the signed-in frame loads with its menu.
  const menuIcons = resolveModule(manifest, 'src/app/menuIcons.impl');
  const source = fs.readFileSync(path.join(WEB, 'src/app/routes.tsx'), 'utf8');
  const appRoutes: MeasuredRoute[] = [];
  // Each route object names its path before the lazy import of its page.
  const re = /path:\s*'([^']+)'[\s\S]*?import\('\.\.\/(pages\/[^']+)'\)/g;
  for (const m of source.matchAll(re)) {
    const page = resolveModule(manifest, `src/${m[2]}`);
    appRoutes.push({ path: m[1], modules: [layout, page, ...(manifest[menuIcons] ? [menuIcons] : [])] });
  }
  const login = { path: '/login', modules: [resolveModule(manifest, 'src/pages/login/LoginPage')] };
  // A public portal (web/src/pages/portal) is measured when it exists: every lazily loaded page of it.
  const publicRoutes = Object.keys(manifest)
    .filter((k) => k.startsWith('src/pages/portal/') && manifest[k].isDynamicEntry)
    .map((k) => ({ path: `portal:${path.basename(k).replace(/\.tsx?$/, '')}`, modules: [k] }));
  return { login, publicRoutes, appRoutes };
}

/** The manifest key of a source module named without its extension (or the name itself if it is not a chunk of its own). */
function resolveModule(manifest: Manifest, base: string): string {
  const exts = ['', '.tsx', '.ts', '/index.tsx', '/index.ts'];
  for (const ext of exts) if (manifest[base + ext]) return base + ext;
  for (const ext of exts) if (fs.existsSync(path.join(WEB, base + ext)) && ext) return base + ext;
  return base;
}

function gzipSize(file: string, cache: Map<string, number>): number {
  let n = cache.get(file);
  if (n === undefined) {
    n = zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
    cache.set(file, n);
  }
  return n;
}

const suite: Suite = {
  name: 'web',
  description: `gzip JS/CSS a browser loads before a route shows (entry + static imports + modulepreloads + the route's lazy chunks); target first route <= ${FIRST_ROUTE_BUDGET_KB} kB JS`,
  async run(ctx) {
    ctx.log('web: building the front end with a manifest');
    const { dist, cleanup } = build();
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
      const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
      const sizes = new Map<string, number>();
      const byFile = new Map(Object.entries(manifest).map(([k, v]) => [v.file, k]));

      // index.html: the entry script, its modulepreloads and stylesheets.
      const htmlFiles = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
      const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
      if (!entryKey) throw new Error('no entry in the manifest');

      /** Files (JS and CSS) a set of manifest keys needs: themselves, their static imports, recursively, and their CSS. */
      const closure = (keys: string[], into = new Set<string>()) => {
        const seen = new Set<string>();
        const visit = (key: string) => {
          if (seen.has(key)) return;
          seen.add(key);
          const chunk = manifest[key];
          if (!chunk) throw new Error(`${key} is not a chunk of the build (is the route's page still lazily imported?)`);
          into.add(chunk.file);
          for (const css of chunk.css ?? []) into.add(css);
          for (const imp of chunk.imports ?? []) visit(imp);
        };
        keys.forEach(visit);
        return into;
      };
      const firstLoad = new Set<string>(htmlFiles);
      for (const f of htmlFiles) if (byFile.has(f)) closure([byFile.get(f)!], firstLoad);
      closure([entryKey], firstLoad);
      // The texts of the default language (Chinese): main.tsx renders once they are in.
      const texts = resolveModule(manifest, 'src/app/locales/zh');
      if (manifest[texts]) closure([texts], firstLoad);

      const measure = (modules: string[]) => {
        // A module that is not a chunk of its own was bundled into one the entry imports statically.
        for (const mod of modules)
          if (!manifest[mod] && !fs.existsSync(path.join(WEB, mod))) throw new Error(`${mod}: no such module (did routes.tsx or the page move?)`);
        const files = closure(
          modules.filter((mod) => manifest[mod]),
          new Set(firstLoad),
        );
        let js = 0;
        let css = 0;
        for (const f of files) {
          const n = gzipSize(path.join(dist, f), sizes);
          if (f.endsWith('.css')) css += n;
          else js += n;
        }
        return { js: round(js / 1000, 1), css: round(css / 1000, 1), files: files.size };
      };

      const out: Metric[] = [];
      const m = (metric: string, value: number, extra: Partial<Metric> = {}): Metric => ({ suite: 'web', engine: null, metric, value, ...extra });
      const entry = measure([]);
      out.push(m('entry_js (index.html + static imports)', entry.js, { unit: 'kB' }));
      const { login, publicRoutes, appRoutes } = routesOf(manifest);
      for (const r of [login, ...publicRoutes]) {
        const s = measure(r.modules);
        out.push(
          m(`${r.path} js`, s.js, { unit: 'kB', ...target(s.js, '<=', FIRST_ROUTE_BUDGET_KB) }),
          m(`${r.path} css`, s.css, { unit: 'kB' }),
          m(`${r.path} files`, s.files),
        );
      }
      // Signed-in pages (the visitor lands there with a session): informative, the few a visitor meets most,
      // then the heaviest of all.
      const shown = ['/', '/resources', '/resources/:id', '/bookings', '/market', '/resources/manage'];
      let heaviest = { path: '', js: 0 };
      for (const r of appRoutes) {
        const s = measure(r.modules);
        if (shown.includes(r.path)) out.push(m(`${r.path} js (signed in)`, s.js, { unit: 'kB' }));
        if (s.js > heaviest.js) heaviest = { path: r.path, js: s.js };
      }
      out.push(m(`heaviest signed-in route js (${heaviest.path})`, heaviest.js, { unit: 'kB' }));
      let totalJs = 0;
      for (const f of fs.readdirSync(path.join(dist, 'assets'))) if (f.endsWith('.js')) totalJs += gzipSize(path.join(dist, 'assets', f), sizes);
      out.push(m('all js of the build', round(totalJs / 1000, 1), { unit: 'kB' }));
      return out;
    } finally {
      cleanup();
    }
  },
};

export default suite;
