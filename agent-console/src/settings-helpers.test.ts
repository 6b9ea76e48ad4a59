import { describe, expect, it } from 'vitest';
import { changedDepartments, departmentIdFor } from './settings-departments.tsx';
import { parseOrigins } from './settings-site.tsx';
import { minutesToSeconds } from './settings-sla.tsx';
import { suggestTags } from './tag-editor.tsx';

describe('settings helpers', () => {
  it('makes a department id the server accepts from its name', () => {
    expect(departmentIdFor('Billing & refunds')).toBe('billing-refunds');
    expect(departmentIdFor('  Ventas España ')).toBe('ventas-espana');
    expect(departmentIdFor('Продажи и доставка')).toBe('prodazhi-i-dostavka');
    expect(departmentIdFor('Търговия')).toBe('targoviya');
    expect(departmentIdFor('🙂')).toBe('');
  });

  it('keeps the department list sorted by name as departments are added, renamed and deleted', () => {
    const list = [{ id: 'billing', name: 'Billing' }, { id: 'sales', name: 'Sales' }];
    expect(changedDepartments(list, { added: { id: 'care', name: 'Care' } }).map((d) => d.id)).toEqual(['billing', 'care', 'sales']);
    expect(changedDepartments(list, { renamed: { id: 'billing', name: 'Tills' } })).toEqual([{ id: 'sales', name: 'Sales' }, { id: 'billing', name: 'Tills' }]);
    expect(changedDepartments(list, { deleted: 'sales' })).toEqual([{ id: 'billing', name: 'Billing' }]);
    expect(list.map((d) => d.id)).toEqual(['billing', 'sales']);
  });

  it('turns minutes as typed into seconds; empty is no target; nonsense is left for the server to name', () => {
    expect(minutesToSeconds('2')).toBe(120);
    expect(minutesToSeconds('1,5')).toBe(90);
    expect(minutesToSeconds('  ')).toBeNull();
    expect(minutesToSeconds('soon')).toBe(-1);
  });

  it('reads one origin per line, skipping blank lines', () => {
    expect(parseOrigins(' https://shop.example \n\nhttps://blog.example\n')).toEqual(['https://shop.example', 'https://blog.example']);
  });

  it('suggests known tags not on the chat yet: starting with the text first', () => {
    const known = ['billing', 'refund', 'rebilling', 'vip'];
    expect(suggestTags(known, 'bill', [])).toEqual(['billing', 'rebilling']);
    expect(suggestTags(known, 'BILL', ['billing'])).toEqual(['rebilling']);
    expect(suggestTags(known, '', ['vip'])).toEqual(['billing', 'refund', 'rebilling']);
  });
});
