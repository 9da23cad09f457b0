import {readFileSync} from 'node:fs'

/** A size field of /proc/<pid>/status (VmRSS, VmHWM …), in MiB. */
export function procStatus(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))
  return Number(line?.split(/\s+/)[1] ?? Number.NaN) / 1024
}

/** USER_HZ: the unit of /proc/<pid>/stat times on Linux. */
export const TICKS_PER_SECOND = 100

/** CPU time (clock ticks) the process has used. */
export function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return Number(fields[11]) + Number(fields[12])
}

/** Waits until the server has used no CPU for 300 ms (at most 15 s); how long that took. */
export async function settled(pid: number): Promise<number> {
  const started = performance.now()
  let last = cpuTicks(pid)
  while (performance.now() - started < 15_000) {
    await new Promise((resolve) => setTimeout(resolve, 300))
    const ticks = cpuTicks(pid)
    if (ticks === last) break
    last = ticks
  }
  return Math.round(performance.now() - started)
}
