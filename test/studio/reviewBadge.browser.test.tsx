import {Card, Stack, Text} from '@sanity/ui'
import type {ReactNode} from 'react'
import {describe, expect, it} from 'vitest'
import {page, userEvent} from 'vitest/browser'
import type {ReviewState} from '../../pipeline/workflow/workflow.ts'
import {badgeFor, signatureBadge} from '../../studio/review/badgeFor.ts'
import {ReviewBadgeView} from '../../studio/review/ReviewBadgeView.tsx'
import {renderInStudio} from './renderInStudio.tsx'

const render = (ui: ReactNode) => renderInStudio(<Card padding={4}>{ui}</Card>)

const STATES: [ReviewState, string][] = [
  ['editing', 'Editing'],
  ['inReview', 'In review'],
  ['approved', 'Approved'],
  ['changesRequested', 'Changes requested'],
  ['published', 'Published'],
]

const badgeElement = (label: string) => page.getByText(label, {exact: true})

/** The badge's own colours: tones must tell the states apart at a glance. */
function colours(label: string) {
  const style = getComputedStyle(badgeElement(label).element())
  return `${style.backgroundColor} / ${style.color}`
}

const invalid = signatureBadge({
  evaluation: undefined,
  failures: [
    {
      code: 'bad-signature',
      id: 'statement-forged',
      message: 'Review statement statement-forged: the signature does not match key k1.',
    },
  ],
  today: '2026-11-27',
})

describe('ReviewBadgeView', () => {
  it('shows every review state as the reviewer sees it', async () => {
    render(
      <Stack gap={4}>
        <Text size={1} weight="medium">
          Review badges
        </Text>
        <div data-testid="badge-row">
          <ReviewBadgeView
            badges={[
              ...STATES.map(([state]) => badgeFor(state)),
              badgeFor('published', {overdueSince: '2026-06-30'}),
              ...(invalid ? [invalid] : []),
            ]}
          />
        </div>
      </Stack>,
    )
    for (const [, label] of STATES) await expect.element(badgeElement(label)).toBeVisible()
    await expect.element(badgeElement('Published · Review overdue')).toBeVisible()
    await expect.element(badgeElement('Signature not valid')).toBeVisible()

    // Positive states share a tone; the others differ from each other and from them.
    expect(colours('Approved')).toBe(colours('Published'))
    const distinct = new Set(
      ['Editing', 'In review', 'Approved', 'Changes requested', 'Published · Review overdue'].map(
        colours,
      ),
    )
    expect(distinct.size).toBe(5)
    // A signature that counts for nothing is as alarming as an overdue review.
    expect(colours('Signature not valid')).toBe(colours('Published · Review overdue'))

    await page.screenshot({
      path: '../../test-results/review-badges.png',
      element: page.getByTestId('badge-row'),
    })
  })

  it('explains the state in a tooltip', async () => {
    render(<ReviewBadgeView badges={[badgeFor('changesRequested')]} />)
    await userEvent.hover(badgeElement('Changes requested'))
    await expect
      .element(
        page.getByText('A medical reviewer requested changes. Edit the page and submit it again.'),
      )
      .toBeVisible()
  })

  it('names the due date of an overdue review in the tooltip', async () => {
    render(<ReviewBadgeView badges={[badgeFor('inReview', {overdueSince: '2026-06-30'})]} />)
    await userEvent.hover(badgeElement('In review · Review overdue'))
    await expect.element(page.getByText(/review was due on 2026-06-30/)).toBeVisible()
  })
})
