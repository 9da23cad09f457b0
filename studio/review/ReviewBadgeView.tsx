import {Badge, Inline} from '@sanity/ui'
import {Tooltip} from '@sanity/ui/tooltip'
import {BADGE_TONES, type ReviewBadge} from './badgeFor.ts'

export interface ReviewBadgeViewProps {
  badges: readonly ReviewBadge[]
}

/**
 * Renders badge descriptions the way the Studio's document footer does (structure's
 * DocumentBadges: same Badge props, tones and tooltip), so what `badgeFor` returns can be
 * looked at outside a running Studio.
 */
export function ReviewBadgeView({badges}: ReviewBadgeViewProps) {
  return (
    <Inline gap={1}>
      {badges.map((badge) => (
        <Tooltip
          key={badge.label}
          content={badge.title}
          disabled={!badge.title}
          placement="top"
          portal
        >
          <Badge
            fontSize={1}
            paddingX={2}
            paddingY={1}
            radius={4}
            tone={badge.color ? BADGE_TONES[badge.color] : undefined}
            style={{whiteSpace: 'nowrap'}}
          >
            {badge.label}
          </Badge>
        </Tooltip>
      ))}
    </Inline>
  )
}
