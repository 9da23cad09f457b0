import {encodeClosure} from './closureCodec.ts'
import {sha256Hex} from './digest.ts'
import {
  meaningOf,
  payloadText,
  STATEMENT_TYPE,
  STATEMENT_VERSION,
  type StatementDocument,
  type StatementPayload,
  statementIdOf,
} from './statement.ts'

export type StatementInput = Omit<StatementPayload, 'v' | 'meaning'> & {
  /** The canonical content closure TEXT, kept with decisions; stored encoded (closureCodec.ts). */
  closure?: string
}

/** Signs the payload's UTF-8 bytes and returns the base64url signature. */
export type Sign = (payload: string) => Promise<string>

/** A signed statement document, ready to be created in the dataset. */
export async function createStatement(
  input: StatementInput,
  sign: Sign,
): Promise<StatementDocument> {
  const {closure, ...fields} = input
  const payload: StatementPayload = {
    ...fields,
    v: STATEMENT_VERSION,
    meaning: meaningOf(fields.kind, fields.scope),
  }
  const text = payloadText(payload)
  return {
    _id: statementIdOf(await sha256Hex(text)),
    _type: STATEMENT_TYPE,
    document: {_type: 'reference', _ref: fields.documentId, _weak: true},
    payload: text,
    signature: await sign(text),
    ...(closure !== undefined ? {closure: await encodeClosure(closure)} : {}),
  }
}
