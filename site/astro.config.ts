import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';

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
    // The prerenderer imports `cookie` 2; the root node_modules hoists cookie 0.7 (another dependency's).
    // Bundling it resolves Astro's own copy.
    environments: { prerender: { resolve: { noExternal: ['cookie'] } }, ssr: { resolve: { noExternal: ['cookie'] } } },
    server: {
      proxy: {
        '/api': { target: localHost, changeOrigin: false },
        '/__': { target: localHost, changeOrigin: false },
      },
    },
  },
});
