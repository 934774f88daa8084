// Closing a dialog by Esc or a click outside, the way people expect: an Esc that closes an open menu
// (a Select's, a picker's) closes only the menu, and typing is not thrown away without asking.
import Button from '@atlaskit/button/new';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useEffect, useRef } from 'react';
import { focusOnMount } from '../shared/focusOnMount';

/**
 * Remembers the Esc keydown that reached an open menu (its combobox says `aria-expanded="true"`),
 * seen in the capture phase before the menu closes, so the modal's own Esc handler, which hears the
 * same event afterwards, can tell it apart from an Esc meant for the dialog.
 */
export function useMenuEscape() {
  const last = useRef<Event | null>(null);
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      const target = event.target instanceof Element ? event.target : null;
      last.current = target?.closest('[aria-expanded="true"]') ? event : null;
    };
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, []);
  return {
    closedMenu: (event: unknown) => {
      // Atlaskit hands the native keyboard event over as it is (a click comes as React's).
      const closed = event !== null && event === last.current;
      if (closed) last.current = null;
      return closed;
    },
  };
}

export function DiscardQuestion({ onKeep, onDiscard }: { onKeep: () => void; onDiscard: () => void }) {
  return (
    <Box testId="discard-question">
      <SectionMessage appearance="warning" title="Discard what you typed?">
        <Stack space="space.100">
          <Text as="p">Closing now loses your changes. Keep editing to finish them, or discard them.</Text>
          <Inline space="space.100">
            <Button appearance="primary" onClick={onKeep} testId="keep-editing" ref={focusOnMount}>
              Keep editing
            </Button>
            <Button appearance="subtle" onClick={onDiscard} testId="discard-changes">
              Discard
            </Button>
          </Inline>
        </Stack>
      </SectionMessage>
    </Box>
  );
}
