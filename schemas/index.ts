import {kitProduct} from './documents/kitProduct.ts'
import {reviewStatement} from './documents/reviewStatement.ts'
import {source} from './documents/source.ts'
import {tumour} from './documents/tumour.ts'
import {blockContent} from './objects/blockContent.ts'
import {callToAction} from './objects/callToAction.ts'
import {medicalCode} from './objects/medicalCode.ts'
import {section} from './objects/section.ts'

export const schemaTypes = [
  tumour,
  kitProduct,
  source,
  reviewStatement,
  section,
  blockContent,
  medicalCode,
  callToAction,
]
