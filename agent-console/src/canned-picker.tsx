import { useEffect, useRef, useState } from 'preact/hooks';
import type { CannedReply, Department } from '../../shared/protocol.ts';
import { groupCanned, matchCanned } from './canned.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { t } from './i18n.ts';

/** Every canned reply I may use, by department, to browse when I don't remember a shortcut. */
export function CannedPicker(props: {
  canned: CannedReply[];
  preview: (c: CannedReply) => string;
  onPick: (c: CannedReply) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [departments, setDepartments] = useState<Department[]>([]);
  const panel = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    search.current?.focus();
    let live = true;
    request(routes.departments).then(
      (d) => live && setDepartments(d.departments),
      // Without names, groups show department ids: still usable.
      () => {},
    );
    const outside = (e: MouseEvent) => {
      const target = e.target as Node;
      if (panel.current && !panel.current.contains(target) && !panel.current.parentElement?.contains(target)) props.onClose();
    };
    document.addEventListener('mousedown', outside);
    return () => {
      live = false;
      document.removeEventListener('mousedown', outside);
    };
  }, []);

  const shown = query.trim() ? matchCanned(props.canned, query.trim(), Infinity) : props.canned;
  const groups = groupCanned(shown, departments, { personal: t('My replies'), everyone: t('All departments') });
  return (
    <div
      ref={panel}
      class="popover canned-picker"
      role="dialog"
      aria-label={t('Canned replies')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onClose();
        }
      }}
    >
      <input
        ref={search}
        class="input"
        type="search"
        aria-label={t('Search canned replies')}
        placeholder={t('Search canned replies')}
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <div class="canned-groups">
        {groups.length === 0 && (
          <p class="muted">{props.canned.length ? t('No canned reply matches.') : t('No canned replies yet.')}</p>
        )}
        {groups.map((g) => (
          <section key={g.departmentId ?? 'personal'} aria-label={g.name}>
            <h3 class="popover-heading">{g.name}</h3>
            <ul class="canned-choices">
              {g.replies.map((c) => (
                <li key={c.id}>
                  <button type="button" class="canned-choice" onClick={() => props.onPick(c)}>
                    <span class="suggestion-shortcut">/{c.shortcut}</span>
                    <span class="suggestion-text">{props.preview(c)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
