/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * COOP/COEP make the page cross-origin isolated, which unlocks SharedArrayBuffer for the shared-memory worker pool.
 * COEP `credentialless` (Chromium 96+, Firefox 119+) rather than `require-corp`: cross-origin no-cors requests go
 * without cookies instead of needing CORP or CORS headers, so TMDB posters load as plain images.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

export default defineConfig({
  base: './',
  plugins: [svelte()],
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
