import { defineConfig } from 'vitest/config';

// Where `npm run dev` forwards /api, /ws and /healthz: a locally running `tsunagu serve`.
const server = process.env.TSUNAGU_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: './',
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
