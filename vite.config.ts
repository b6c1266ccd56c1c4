/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * COOP/COEP make the page cross-origin isolated, which unlocks SharedArrayBuffer for the shared-memory worker pool.
 * COEP `credentialless` (Chromium 96+, Firefox 119+) rather than `require-corp`: cross-origin no-cors requests go
 * without cookies instead of needing CORP or CORS headers, so TMDB posters load as plain images.
 * Hosts that cannot send these headers get them from the service worker (src/pwa/sw.ts) from the second load on.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

export default defineConfig({
  base: './',
  plugins: [
    svelte(),
    // The offline app: src/pwa/sw.ts is built with Vite and gets the precache list (every file below, with a
    // content revision) injected. The manifest is public/manifest.webmanifest; registration is src/pwa/updates.svelte.ts.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,webmanifest}'],
        rollupFormat: 'iife',
      },
    }),
  ],
  worker: { format: 'es' },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  build: { target: 'es2022' },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
