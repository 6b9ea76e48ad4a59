import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/**
 * The console's modal dialog. Opened with showModal when it appears, so the browser keeps the
 * focus inside, hides the page behind from screen readers and turns Escape into a cancel; a
 * cancel asks the owner to close (`onClose`), who removes it. Going away closes it, which gives
 * the focus back to the control that opened it.
 *
 * Named by its title, shown as its heading above `children`; the body is a form when
 * `onSubmit` is given (Enter submits). A sheet without a heading is named by `label`.
 */
export function ModalDialog(
  props: { class?: string; onClose: () => void; children: ComponentChildren } & (
    | { title: ComponentChildren; describedBy?: string; onSubmit?: (event: SubmitEvent) => void }
    | { label: string }
  ),
) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);
  const cancel = (event: Event) => {
    event.preventDefault();
    props.onClose();
  };
  const className = props.class ? `dialog ${props.class}` : 'dialog';
  if ('label' in props) {
    return (
      <dialog ref={dialog} class={className} aria-label={props.label} onCancel={cancel}>
        {props.children}
      </dialog>
    );
  }
  const heading = (
    <h2 id={titleId} class="dialog-title">
      {props.title}
    </h2>
  );
  return (
    <dialog ref={dialog} class={className} aria-labelledby={titleId} aria-describedby={props.describedBy} onCancel={cancel}>
      {props.onSubmit ? (
        <form class="dialog-body" onSubmit={props.onSubmit}>
          {heading}
          {props.children}
        </form>
      ) : (
        <div class="dialog-body">
          {heading}
          {props.children}
        </div>
      )}
    </dialog>
  );
}
