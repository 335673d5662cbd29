import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// pdf.js (web/src/hall/render.ts) fetches its CMaps (Japanese fonts a PDF does not embed),
// standard fonts, ICC profiles and image decoders at run time from /pdfjs/: copied from
// node_modules into the build, and served from there by `npm run dev`. Its worker is an
// ordinary hashed asset (`?url` import).
const PDFJS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'node_modules', 'pdfjs-dist');
const PDFJS_PARTS = ['cmaps', 'standard_fonts', 'iccs', 'wasm'];

function pdfjsAssets(): Plugin {
  let outDir = 'dist';
  return {
    name: 'tsunagu-pdfjs-assets',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      for (const part of PDFJS_PARTS) cpSync(join(PDFJS_DIR, part), join(outDir, 'pdfjs', part), { recursive: true });
    },
    configureServer(server) {
      server.middlewares.use('/pdfjs/', (req, res, next) => {
        const rel = normalize(decodeURIComponent((req.url ?? '').split('?')[0] ?? ''));
        const file = join(PDFJS_DIR, rel);
        if (!file.startsWith(PDFJS_DIR + sep) || !PDFJS_PARTS.includes(rel.split(sep).filter(Boolean)[0] ?? '') || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
  };
}

// Where `npm run dev` forwards /api, /ws and /healthz: a locally running `tsunagu serve`.
const server = process.env.TSUNAGU_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: './',
  plugins: [pdfjsAssets()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        // three.js changes far less often than our code: its own hashed chunk stays cached.
        manualChunks: { three: ['three'] },
      },
    },
  },
  server: {
    proxy: {
      '/api': server,
      '/healthz': server,
      '/ws': {
        target: server,
        ws: true,
        // The server only upgrades when Origin names itself (docs/protocol.md).
        configure: (proxy) => {
          proxy.on('proxyReqWs', (req) => req.setHeader('origin', server));
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
