/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
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

/**
 * Marks the chunks the first screen runs (the entry and what it imports statically) with V8's explicit compile hint
 * (`//# allFunctionsCalledOnLoad`, Chromium 136+; a plain comment elsewhere). V8 then compiles all their functions
 * on a background thread while the files stream in, instead of on the main thread the first time each one is called,
 * which took a fifth of the task that mounts the app (docs/BENCHMARKS.md, "First visit"). Lazily loaded chunks
 * (map, evaluate, library, codecs) stay lazily compiled. The comment must be the file's first line, so it is added
 * after minification.
 */
function compileHintsForFirstScreen(): Plugin {
  return {
    name: 'marquee:compile-hints',
    apply: 'build',
    enforce: 'post',
    // After Vite's own generateBundle, which prepends its preload map (`const __vite__mapDeps=...`) to some chunks.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const pending = Object.values(bundle).flatMap((file) =>
          file.type === 'chunk' && file.isEntry ? [file.fileName] : [],
        );
        const marked = new Set<string>();
        for (let fileName = pending.pop(); fileName !== undefined; fileName = pending.pop()) {
          const chunk = bundle[fileName];
          if (chunk?.type !== 'chunk' || marked.has(fileName)) continue;
          marked.add(fileName);
          chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
          pending.push(...chunk.imports);
        }
      },
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [
    svelte(),
    compileHintsForFirstScreen(),
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
