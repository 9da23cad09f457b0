import type {ExportReport} from '../pipeline/exportDataset.ts'

/** The export's closing summary: what was read, exported, skipped, validated, rendered and written. */
export function formatSummary(report: ExportReport): string {
  const count = (level: string) => report.issues.filter((i) => i.level === level).length
  const lines = [
    '',
    `Export of ${report.source} (${report.perspective})`,
    `  keyring          ${report.keyring ? `${report.keyring.path} (${report.keyring.purpose}${report.keyring.purpose === 'demo' ? ': demo keys, never for real content' : ''}; ${report.keyring.people} people)` : 'none: approvals not required (preview)'}`,
    `  documents read   ${report.documentsRead}`,
    `  exported         ${report.exported.tumours} tumours, ${report.exported.kits} kits, ${report.exported.sources} sources`,
    `  skipped          ${report.skipped.length}`,
    ...report.skipped.map((s) => `    - ${s.documentId}: ${s.reason}`),
    `  validated        ${report.revalidated ?? 0} documents (the rest unchanged since the last export)`,
    `  rendered         ${report.rendered ?? 0} pages (the rest unchanged)`,
  ]
  if (report.files) {
    lines.push(
      `  files            ${report.files.written.length} written, ${report.files.unchanged.length} unchanged, ${report.files.removed.length} removed`,
      ...(report.files.damaged ?? []).map(
        (d) => `    - damaged, not reused: ${d.path} (${d.problem})`,
      ),
    )
  }
  lines.push(
    `  issues           ${count('error')} errors, ${count('warning')} warnings`,
    `  time             ${report.durationMs} ms`,
  )
  for (const note of [...(report.notes ?? []), ...(report.files?.notes ?? [])])
    lines.push(`  note: ${note}`)
  if (report.aborted) lines.push(`  NOTHING WRITTEN: ${report.aborted}`)
  return lines.join('\n')
}
