import { token } from '@atlaskit/tokens';

/**
 * How much of a sprint serves a Key Result, as a bar. Decorative: the sentence beside it says the
 * same in words, so screen readers skip it.
 */
export function AlignmentBar({ share, width = '100%', height = 8 }: { share: number; width?: number | string; height?: number }) {
  const filled = Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0));
  return (
    <div
      aria-hidden
      data-testid="alignment-bar"
      style={{ width, height, borderRadius: height / 2, background: token('color.background.neutral'), overflow: 'hidden', flexShrink: 0 }}
    >
      <div style={{ width: `${filled * 100}%`, height: '100%', borderRadius: height / 2, background: token('color.background.information.bold') }} />
    </div>
  );
}
