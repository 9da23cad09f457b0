import type {TestProject} from 'vitest/node'
import {buildStudioForLake} from './studioBuild.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Studio built for the Content Lake stand-in (see studioBuild.ts). */
    studioDist: string
  }
}

/** Builds the Studio once per run of the `studio` project (or reuses the build for this source). */
export default function setup(project: TestProject): void {
  project.provide('studioDist', buildStudioForLake())
}
