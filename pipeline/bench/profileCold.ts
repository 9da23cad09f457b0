import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import type {BenchContext, BenchProfile} from './benchTypes.ts'
import {selfTime} from './cpuProfile.ts'
import {ROOT, runStage, script} from './runStage.ts'

/** A separate cold export under --cpu-prof, with per-stage times from onProgress. */
export async function profileCold(ctx: BenchContext): Promise<BenchProfile> {
  ctx.log('profile: cold export under --cpu-prof')
  const profileDir = join(ctx.workDir, 'profile')
  const {m, result} = await runStage(
    'profiled export',
    [
      '--cpu-prof',
      '--cpu-prof-dir',
      profileDir,
      script('pipeline/bench/exportPhases.ts'),
      '--source',
      ctx.source,
      '--out',
      join(ctx.workDir, 'export-profiled'),
    ],
    ctx.scratch,
  )
  // One profile per thread, named CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; the
  // main thread (id 0) first.
  const threadId = (f: string) => Number(f.split('.').at(-3))
  const files = readdirSync(profileDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort((a, b) => threadId(a) - threadId(b))
    .map((f) => join(profileDir, f))
  if (files.length === 0) throw new Error('node --cpu-prof wrote no profile')
  return {phases: result.phases, wallMs: m.wallMs, ...selfTime(files, ROOT)}
}
