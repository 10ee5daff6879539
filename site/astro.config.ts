import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';

const BUNDLED_FOR_PRERENDER = ['cookie', 'react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-virtual'];

/** Where `npm run dev:site` forwards API and Firebase Hosting's reserved URLs: a running `npm start`. */
const localHost = process.env.DEALCYCLE_DEV_API ?? 'http://localhost:8080';

/**
 * The portal: static pages in site/dist, served by Firebase Hosting in production and by the
 * local host locally. Islands are written against the React API and rendered by Preact's
 * compat layer (a one-button island: ~12 KB gz instead of ~70 KB with React).
 */
export default defineConfig({
  output: 'static',
  trailingSlash: 'never',
  // `/leads/new` → leads/new.html: matches Firebase Hosting's cleanUrls without trailing slashes.
  build: { format: 'file', inlineStylesheets: 'never' },
  integrations: [preact({ compat: true })],
  security: {
    // Astro hashes the scripts and styles it emits into a per-page CSP <meta>; the HTTP header
    // (firebase.json) carries the directives a <meta> cannot (frame-ancestors) and the fetch sources.
    csp: {
      algorithm: 'SHA-256',
      // Inline `style` attributes (virtualised rows, progress widths) are allowed; scripts are not.
      styleDirective: { resources: ["'self'", "'unsafe-inline'"] },
    },
  },
  devToolbar: { enabled: false },
  // No Markdown pages; Shiki's inline styles would also conflict with the CSP.
  markdown: { syntaxHighlight: false },
  vite: {
    // Bundled into the prerenderer rather than imported from node_modules at build time:
    // - `cookie`: Astro needs v2, but the root node_modules hoists another dependency's v0.7;
    // - React-API packages: so `react` resolves to preact/compat while pages are prerendered
    //   (setting noExternal here replaces the Preact integration's own list, hence repeated).
    environments: {
      prerender: { resolve: { noExternal: BUNDLED_FOR_PRERENDER } },
      ssr: { resolve: { noExternal: BUNDLED_FOR_PRERENDER } },
    },
    server: {
      proxy: {
        '/api': { target: localHost, changeOrigin: false },
        '/__': { target: localHost, changeOrigin: false },
      },
    },
  },
});
