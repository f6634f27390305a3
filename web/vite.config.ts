import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web front end lives in web/; `vite build --config web/vite.config.ts` from the repo root
// writes web/dist, which the server serves. In development /api is proxied to the server.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // antd's helper packages (@rc-component/*) do not declare "sideEffects": false, so a module
      // of theirs a page never uses (the menu, reached through antd's barrel) stayed in that page's
      // chunks. They have no import-time effects: let them be tree-shaken like antd itself.
      treeshake: {
        moduleSideEffects: (id: string) => !/node_modules[\\/]@rc-component[\\/]/.test(id),
      },
      output: {
        // Name the big shared libraries' chunks after what they hold (they change rarely, so
        // browsers keep them cached across releases of the app's own code).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/ },
            // dayjs is used by the first page (i18n.ts, time.ts) as well as by antd: its own chunk, so the
            // public portal's first page loads without Ant Design.
            { name: 'dayjs', test: /node_modules[\\/]dayjs[\\/]/ },
            // ECharts loads with the pages that draw charts (the workbench, the manager's console, the portal's map).
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
          ],
        },
      },
    },
  },
});
