import {approval} from './documents/approval.ts'
import {kitProduct} from './documents/kitProduct.ts'
import {person} from './documents/person.ts'
import {source} from './documents/source.ts'
import {tumour} from './documents/tumour.ts'
import {blockContent} from './objects/blockContent.ts'
import {callToAction} from './objects/callToAction.ts'
import {medicalCode} from './objects/medicalCode.ts'
import {section} from './objects/section.ts'
import {workflow} from './objects/workflow.ts'

export const schemaTypes = [
  tumour,
  kitProduct,
  source,
  person,
  approval,
  section,
  blockContent,
  medicalCode,
  callToAction,
  workflow,
]
