import {bareText, type Line} from './plainTextLines.ts'

const CTA_VERB =
  /^(?:request|order|buy|book|contact|get|find out|learn|speak|talk|ask|call|enquire|inquire|download|start|schedule)\b/i
// The product link the current site shows before its call to action ("Discover Oncofocus Today").
const LEAD_VERB = /^(?:discover|explore|see|view|visit|meet|read more|learn more|find out more)\b/i
// A button that asks ("Do you want to order now?"); its capital marks where the button starts.
const QUESTION =
  /(?:^|\s)((?:Do|Does|Would|Are|Is|Want|Ready|Interested|Need|Looking|Shall|Can|Could|Should|Have)\b[^.?!]*\?)$/
const EDGES = /^[\s>»›→▶•·–-]+|(?<![\s<«‹←→▶»›>])[\s<«‹←→▶»›>]+$/g
/** Longer than this, a line is prose, and the joined-line search is not even tried. */
const MAX_BUTTON_LINE = 160

const buttonText = (line: Line) => bareText(line.text).replace(EDGES, '')

const isButton = (text: string) =>
  CTA_VERB.test(text) && text.length <= 40 && text.split(' ').length <= 6

/** Button texts left over from the page: "Request a test", "Order now →", "[Contact us](/contact)". */
export function isCallToAction(line: Line): boolean {
  const text = buttonText(line)
  return (isButton(text) && !/[.;,]$/.test(text)) || joinedCallToAction(line) !== undefined
}

/**
 * The call to action of a line that joins the buttons under a kit, as the current site's
 * pages end the kit block: "Discover Oncofocus Today Do you want to order now? Request a
 * test." gives "Request a test". The line must be buttons only: a product link, a question,
 * or both, then the call to action.
 */
export function joinedCallToAction(line: Line): string | undefined {
  const text = buttonText(line).replace(/[.!]$/, '')
  if (text.length > MAX_BUTTON_LINE) return undefined
  const words = text.split(' ')
  for (let i = words.length - 1; i > 0 && words.length - i <= 6; i--) {
    const label = words.slice(i).join(' ')
    if (/[.?!;,:]/.test(label)) return undefined
    // A button's text starts with a capital; "… then request a test" is a sentence.
    if (/^\p{Lu}/u.test(label) && isButton(label) && isLead(words.slice(0, i).join(' ')))
      return label
  }
  return undefined
}

/** What the site puts before its call to action: a product link, a question, or both. */
function isLead(text: string): boolean {
  const question = QUESTION.exec(text)
  const link = question ? text.slice(0, question.index).trim() : text
  if (link === '') return question !== null
  return (
    link.split(' ').length <= 6 &&
    !/[.,?!;:]/.test(link) &&
    (LEAD_VERB.test(link) || CTA_VERB.test(link))
  )
}
