// What a team's OKRs serve upward, loaded after the page paints: the Product Goal with the
// organization Objective it serves, "Serves: …" under an Objective, "Contributes to: …" under a Key
// Result. A deleted organization record reads "(deleted)". Plain elements styled with the design
// tokens' CSS variables: importing Atlaskit here would split the page's shared code into more
// first-load chunks and push the first load past its budget (test/first-load.test.ts).
import type { CSSProperties } from 'react';
import type { ProductGoalView } from '../../../../../src/contract';

export type UpwardNoteProps =
  | { kind: 'serves' | 'contributes'; id: string; titles: Record<string, string | null> }
  | { kind: 'goal'; goal: ProductGoalView };

const subtle: CSSProperties = { margin: 0, font: 'var(--ds-font-body-small)', color: 'var(--ds-text-subtle)' };
const goalBox: CSSProperties = { borderInlineStart: '2px solid var(--ds-border-discovery)', paddingInlineStart: 'var(--ds-space-150)', display: 'grid', gap: 'var(--ds-space-050)' };
const badge: CSSProperties = { font: 'var(--ds-font-body-small)', fontWeight: 'var(--ds-font-weight-semibold)', color: 'var(--ds-text-discovery)', background: 'var(--ds-background-discovery)', borderRadius: 'var(--ds-radius-small)', paddingInline: 'var(--ds-space-050)', marginInlineStart: 'var(--ds-space-100)' };

export default function UpwardNote(props: UpwardNoteProps) {
  if (props.kind === 'goal') {
    const { goal } = props;
    const served = goal.servesOrgObjectiveId ? (goal.servesTitle ?? '(deleted)') : null;
    return (
      <section data-testid="product-goal" aria-label="Product Goal" style={goalBox}>
        <p style={{ margin: 0, font: 'var(--ds-font-body)', fontWeight: 'var(--ds-font-weight-semibold)', color: 'var(--ds-text)' }}>
          Product Goal
          {goal.dedicated && served && (
            <span data-testid="dedicated-team" style={badge}>
              {`Dedicated to ${served}`}
            </span>
          )}
        </p>
        <p style={{ margin: 0, font: 'var(--ds-font-body)', color: 'var(--ds-text)' }}>{goal.text}</p>
        {served && (
          <p data-testid="product-goal-serves" style={subtle}>
            {`Serves: ${served}`}
          </p>
        )}
      </section>
    );
  }
  return (
    <p data-testid={props.kind === 'serves' ? 'objective-serves' : 'key-result-contributes'} style={subtle}>
      {`${props.kind === 'serves' ? 'Serves' : 'Contributes to'}: ${props.titles[props.id] ?? '(deleted)'}`}
    </p>
  );
}
