import Spinner from '@atlaskit/spinner';

/** While a dialog's code loads: a spinner where the dialog will open (see modalPlacement). */
export function DialogLoading() {
  return (
    <div
      style={{
        position: 'fixed',
        insetInline: 0,
        top: 'calc(var(--outcomes-visible-top, 0px) + var(--outcomes-visible-height, 100vh) / 2)',
        display: 'flex',
        justifyContent: 'center',
      }}
    >
      <Spinner size="large" label="Opening" />
    </div>
  );
}
