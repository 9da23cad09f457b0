import type {OutputFile} from '../../../pipeline/write/writeExport.ts'

/** 300 small pages in three folders: the first 100 are the same in every variant. */
export function pagesOf(variant: string): OutputFile[] {
  return Array.from({length: 300}, (_, i) => ({
    path: `json/${['a', 'b', 'c'][i % 3]}/page-${i}.json`,
    content: `${JSON.stringify({page: i, variant: i < 100 ? 'shared' : variant})}\n`,
  }))
}
