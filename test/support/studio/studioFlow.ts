import {afterAll, afterEach, beforeAll, inject, it} from 'vitest'
import type {ContentLakeOptions} from '../contentLake/server.ts'
import {type LoginOptions, StudioHarness} from './studioHarness.ts'
import type {StudioPage} from './studioPage.ts'

export interface StudioFlowOptions {
  /** Seeds or replaces documents, users … of this file's stand-in. */
  lake?: ContentLakeOptions
}

/**
 * A whole flow: a Studio boot per user and a dozen steps, each waiting for the Studio; on this
 * 2-core machine under load one flow took up to three minutes.
 */
export const FLOW_TIMEOUT = 300_000

function failOn(problems: string[]): void {
  if (problems.length > 0) throw new Error(`The Studio harness saw:\n${problems.join('\n')}`)
}

/**
 * One harness per test file: the stand-in, the built Studio and Chromium start before the
 * first test. After each test it fails on any request the stand-in did not recognise, any
 * uncaught page error and any request outside the stand-in; a failing test leaves a
 * screenshot of every open page.
 */
export function studioFlow(flow: string, options: StudioFlowOptions = {}) {
  let harness: StudioHarness | undefined
  const started = () => {
    if (!harness) throw new Error('studioFlow: the harness starts in beforeAll; use it in tests.')
    return harness
  }
  beforeAll(async () => {
    harness = await StudioHarness.start({flow, dist: inject('studioDist'), lake: options.lake})
  })
  afterEach(async (context) => {
    if (!harness) return
    if (context.task.result?.state === 'fail') {
      for (const page of harness.pages) await page.screenshot(`failure-${page.user.handle}`)
    }
    failOn(harness.takeProblems())
  })
  afterAll(async () => {
    failOn((await harness?.close()) ?? [])
  })
  let broken: string | undefined
  return {
    /**
     * One step of a flow told in several tests (one browser session per file): it goes on
     * from where the previous step left the people and the stand-in, and is skipped once a
     * step before it failed.
     */
    step(name: string, run: () => Promise<void>): void {
      it(name, {timeout: FLOW_TIMEOUT}, async (context) => {
        if (broken) context.skip(`the step "${broken}" failed`)
        // A timeout fails the test without an error reaching this function.
        context.onTestFailed(() => {
          broken = name
        })
        await run()
      })
    },
    get harness(): StudioHarness {
      return started()
    },
    get lake() {
      return started().lake
    },
    loginAs(handle: string, options?: LoginOptions): Promise<StudioPage> {
      return started().loginAs(handle, options)
    },
  }
}
