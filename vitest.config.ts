import {playwright} from '@vitest/browser-playwright'
import {defineConfig} from 'vitest/config'
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './test/support/chromiumFlags.ts'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.e2e.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // Builds the Studio and opens it in headless Chromium: slow, so run as its own step.
        test: {
          name: 'studio',
          environment: 'node',
          include: ['test/**/*.e2e.test.ts'],
          // The Studio built once per run against the Content Lake stand-in (test/support/studio).
          globalSetup: ['test/support/studio/studioGlobalSetup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Studio components rendered in real Chromium (Debian's: Playwright's download is blocked).
        optimizeDeps: {
          // Pre-bundled up front: discovering one mid-run reloads the page with a second React.
          include: [
            'react',
            'react/compiler-runtime',
            'react/jsx-dev-runtime',
            'react/jsx-runtime',
            'react-dom/client',
            'styled-components',
            '@sanity/ui',
            '@sanity/ui/theme',
            '@sanity/ui/toast',
            '@sanity/ui/tooltip',
          ],
        },
        test: {
          name: 'browser',
          include: ['test/studio/**/*.browser.test.tsx'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS},
            }),
            instances: [{browser: 'chromium'}],
          },
        },
      },
    ],
  },
})
