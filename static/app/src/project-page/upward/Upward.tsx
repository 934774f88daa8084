import { lazy, Suspense } from 'react';
import type { UpwardNoteProps } from './UpwardNote';

const UpwardNote = lazy(() => import('./UpwardNote'));

/** What a team's OKRs serve upward, from a chunk loaded once something is aligned. */
export const Upward = (props: UpwardNoteProps) => (
  <Suspense>
    <UpwardNote {...props} />
  </Suspense>
);
