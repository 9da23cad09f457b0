import {defineField, defineType} from '@sanity/types'

/** Parsed for the preview only; the ledger (pipeline/workflow) is what checks a statement. */
function summary(payload: unknown): {title: string; subtitle: string} {
  try {
    const p = JSON.parse(String(payload)) as Record<string, string>
    return {
      title: `${p.kind ?? 'statement'}: ${p.documentId ?? 'unknown page'}`,
      subtitle: [p.signer, p.signedAt?.slice(0, 16).replace('T', ' '), p.meaning]
        .filter(Boolean)
        .join(' · '),
    }
  } catch {
    return {title: 'Unreadable review statement', subtitle: ''}
  }
}

/**
 * One signed review step: submitted, approved, changes requested or published. The review
 * actions create these and nothing changes them; what counts is the payload and its signature,
 * checked against the reviewer keyring in the repository (review/keyring.json).
 */
export const reviewStatement = defineType({
  name: 'reviewStatement',
  title: 'Review statement',
  type: 'document',
  readOnly: true,
  fields: [
    defineField({
      name: 'document',
      title: 'Page',
      type: 'reference',
      to: [{type: 'tumour'}, {type: 'kitProduct'}],
      weak: true,
      description: 'The page the statement is about (an index only: the signed payload decides).',
      validation: (rule) => rule.required().error('A statement must name its page.'),
    }),
    defineField({
      name: 'payload',
      title: 'Signed statement',
      type: 'text',
      rows: 6,
      description: 'What was signed: step, page, content hash, signer, key, time and meaning.',
      validation: (rule) => rule.required().error('A statement must keep what was signed.'),
    }),
    defineField({
      name: 'signature',
      title: 'Signature',
      type: 'string',
      validation: (rule) => rule.required().error('A statement must be signed.'),
    }),
    defineField({
      name: 'closure',
      title: 'Reviewed content',
      type: 'text',
      rows: 6,
      description:
        'The page and what it shows of other documents, exactly as reviewed, kept compressed (base64 of raw DEFLATE). The review report shows it as text.',
    }),
  ],
  preview: {
    select: {payload: 'payload'},
    prepare: ({payload}) => summary(payload),
  },
})
