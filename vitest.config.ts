import {defineConfig} from 'vitest/config'
import {resolvedChromiumProvider} from './test/support/browserProvider.ts'
import {verifyLedger} from './test/support/verifyLedgerCommand.ts'

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
          // The browser found once (test/support/browser.ts), then the Studio built once per run
          // against the Content Lake stand-in (test/support/studio).
          globalSetup: ['test/support/browserSetup.ts', 'test/support/studio/studioGlobalSetup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Studio components in real Chromium, found by test/support/browser.ts.
        // The Studio's bundles get the keyring choice the way `sanity build` inlines it.
        define: {'process.env.SANITY_STUDIO_KEYRING': JSON.stringify('demo')},
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
            '@sanity/icons/ArrowRight',
            '@sanity/icons/Checkmark',
            '@sanity/icons/Comment',
            '@sanity/icons/Lock',
            '@sanity/icons/Publish',
            'canonicalize',
            'groq',
            'groq-js',
          ],
        },
        test: {
          name: 'browser',
          include: ['test/studio/**/*.browser.test.tsx'],
          globalSetup: ['test/support/browserSetup.ts'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: resolvedChromiumProvider(),
            instances: [{browser: 'chromium'}],
            // The export's gate, in Node, judging what the Studio signed in Chromium.
            commands: {verifyLedger},
          },
        },
      },
    ],
  },
})
