import type {SanityDoc} from '../../pipeline/types.ts'
import {validDataset} from '../fixtures/validDataset.ts'

type Doc = Record<string, unknown>
const span = (key: string, text: string, marks: string[] = []) => ({
  _type: 'span',
  _key: key,
  text,
  marks,
})
const block = (key: string, children: object[], extra: Doc = {}) => ({
  _type: 'block',
  _key: key,
  style: 'normal',
  markDefs: [],
  children,
  ...extra,
})

/**
 * The valid fixture with a Treatment section that uses every construct the export handles:
 * sub-headings, quotes, nested lists, decorators, links and two citations of one source.
 */
export function richDataset(): SanityDoc[] {
  const docs = structuredClone(validDataset()) as Doc[]
  const tumour = docs.find((d) => d._id === 'tumour-leiomyosarcoma') as Doc
  const cite = {
    _key: 'c1',
    _type: 'citation',
    source: {_type: 'reference', _ref: 'source-wikipedia-leiomyosarcoma'},
    locator: 'Treatment',
  }
  ;(tumour.sections as Doc[]).push({
    _key: 's2',
    _type: 'section',
    heading: 'Treatment',
    kind: 'treatment',
    sources: [{_key: 'r1', _type: 'reference', _ref: 'source-wikipedia-leiomyosarcoma'}],
    body: [
      block('t1', [
        span('t1a', 'Surgery is the '),
        span('t1b', 'main', ['strong']),
        span('t1c', ' treatment; 5 * 3 = 15 and a_b stay literal.', []),
      ]),
      block('t2', [span('t2a', 'Options', [])], {style: 'h3'}),
      block('t3', [span('t3a', 'Wide excision', [])], {listItem: 'bullet', level: 1}),
      block('t4', [span('t4a', 'Margins checked by a pathologist', ['em'])], {
        listItem: 'bullet',
        level: 2,
      }),
      block('t5', [span('t5a', 'Radiotherapy', [])], {listItem: 'bullet', level: 1}),
      block('t6', [span('t6a', 'Assess', [])], {listItem: 'number', level: 1}),
      block('t7', [span('t7a', 'Treat', [])], {listItem: 'number', level: 1}),
      block(
        't8',
        [
          span('t8a', 'See the '),
          span('t8b', 'sarcoma guideline', ['l1']),
          span('t8c', ' and H'),
          span('t8d', '2', ['sub']),
          span('t8e', 'O; chemotherapy may help', ['c1']),
          span('t8f', '.'),
        ],
        {
          markDefs: [
            {_key: 'l1', _type: 'link', href: 'https://www.example.org/guidelines/sarcoma'},
            cite,
          ],
        },
      ),
      block('t9', [span('t9a', '<script>alert(1)</script> is text, not HTML.', [])], {
        style: 'blockquote',
      }),
    ],
  })
  return docs as SanityDoc[]
}
