// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './console-api.ts';
import { Field, SaveStatus, useSave } from './settings-kit.tsx';

afterEach(cleanup);

/** A form of numbered items, as the scorecard's: the server counts them from 0, the labels from 1. */
function CriteriaForm({ refusal, count = 2 }: { refusal: ApiError; count?: number }) {
  const save = useSave();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save.run(() => Promise.reject(refusal));
      }}
    >
      {Array.from({ length: count }, (_, i) => (
        <Field key={i} label={`Criterion ${i + 1} weight`} error={save.errorFor(`criteria.${i}.weight`)}>
          {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} />}
        </Field>
      ))}
      <button type="submit">Save</button>
      <SaveStatus state={save.state} />
    </form>
  );
}

describe('useSave and SaveStatus', () => {
  it('shows a refusal of a field the form has beside that field, not with the server’s path', async () => {
    render(<CriteriaForm refusal={new ApiError('criteria.1.weight: must be more than 0', 400, 'criteria.1.weight')} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Not saved: Check the field marked above.'));
    const second = screen.getByLabelText('Criterion 2 weight');
    expect(second.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(second.getAttribute('aria-describedby')!)!.textContent).toBe('must be more than 0');
    expect(screen.getByLabelText('Criterion 1 weight').getAttribute('aria-invalid')).toBeNull();
    expect(document.body.textContent).not.toContain('criteria.1');
  });

  it('keeps the whole message by the button when no field of the form is named', async () => {
    render(<CriteriaForm refusal={new ApiError('reviewsPerAgentPerWeek: must be 50 or less', 400, 'reviewsPerAgentPerWeek')} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Not saved: reviewsPerAgentPerWeek: must be 50 or less'));
    expect(screen.getByLabelText('Criterion 1 weight').getAttribute('aria-invalid')).toBeNull();
  });

  it('gives the reason by the button again once the form no longer shows the field it named', async () => {
    const refusal = new ApiError('criteria.1.weight: must be more than 0', 400, 'criteria.1.weight');
    const { rerender } = render(<CriteriaForm refusal={refusal} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Not saved: Check the field marked above.'));
    // The admin removes the second criterion: nothing is marked any more.
    rerender(<CriteriaForm refusal={refusal} count={1} />);
    expect(screen.getByRole('alert').textContent).toBe('Not saved: criteria.1.weight: must be more than 0');
  });
});
