import '@sanity/ui/styles.css'
import {LayerProvider, PortalProvider, ThemeProvider} from '@sanity/ui'
import {buildTheme} from '@sanity/ui/theme'
import {ToastProvider} from '@sanity/ui/toast'
import type {ReactNode} from 'react'
import {createRoot, type Root} from 'react-dom/client'
import {afterEach} from 'vitest'

const theme = buildTheme()
const mounted: {root: Root; container: HTMLElement}[] = []

/** Mounts a component inside the providers the Studio gives document footers and dialogs. */
export function renderInStudio(ui: ReactNode): HTMLElement {
  const container = document.createElement('div')
  document.body.append(container)
  const root = createRoot(container)
  root.render(
    <ThemeProvider theme={theme}>
      <ToastProvider>
        <LayerProvider>
          <PortalProvider element={document.body}>{ui}</PortalProvider>
        </LayerProvider>
      </ToastProvider>
    </ThemeProvider>,
  )
  mounted.push({root, container})
  return container
}

/** Unmounts everything rendered so far (after each test, or to open another view in a test). */
export function unmountAll() {
  for (const {root, container} of mounted.splice(0)) {
    root.unmount()
    container.remove()
  }
}

afterEach(unmountAll)
