import { type FormEvent, useId, useState } from 'react';
import type { AnalyticsGranularity } from '../../libs/contracts/src/analytics';
import type { Filters } from './figures';
import { convertField, fieldsOf, PRESETS, type PresetId, rangeFromFields, resolveRange } from './range';

/** The dashboard's fields are UTC hours and dates; weeks and months need a zone picker first. */
const DASHBOARD_GRANULARITIES: AnalyticsGranularity[] = ['hour', 'day'];

interface Props {
  filters: Filters;
  brands: string[];
  onApply: (filters: Filters) => void;
}

type Draft = { preset: PresetId | 'custom'; granularity: AnalyticsGranularity; from: string; to: string; brand: string };

function draftOf(filters: Filters): Draft {
  const range = resolveRange(filters.choice, Date.now());
  return {
    preset: filters.choice.preset ?? 'custom',
    granularity: range.granularity,
    ...fieldsOf(range),
    brand: filters.brandId ?? '',
  };
}

/**
 * Range and brand. A preset applies at once and slides with the clock; edited ends apply with the
 * button (or Enter) and stay fixed. An empty brand means every brand the key may see.
 */
export function FilterBar({ filters, brands, onApply }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(filters));
  const [invalid, setInvalid] = useState<{ field: 'from' | 'to'; message: string } | null>(null);
  const day = draft.granularity === 'day';

  const apply = (next: Draft) => {
    const brandId = next.brand.trim() || null;
    const base = { ...filters, brandId };
    if (next.preset !== 'custom') {
      setInvalid(null);
      setDraft({ ...next, ...draftOf({ ...base, choice: { preset: next.preset } }) });
      return onApply({ ...base, choice: { preset: next.preset } });
    }
    const outcome = rangeFromFields(next.from, next.to, next.granularity);
    if ('field' in outcome) return setInvalid(outcome);
    setInvalid(null);
    setDraft({ ...next, ...fieldsOf(outcome.range) });
    onApply({ ...base, choice: { preset: null, range: outcome.range } });
  };
  const edit = (change: Partial<Draft>) => setDraft((d) => ({ ...d, preset: 'custom', ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const fieldProps = (field: 'from' | 'to') => ({
    id: `${id}-${field}`,
    type: day ? 'date' : 'datetime-local',
    step: day ? undefined : 3600,
    required: true,
    value: draft[field],
    'aria-invalid': invalid?.field === field || undefined,
    'aria-describedby': invalid?.field === field ? `${id}-invalid` : undefined,
    onChange: (e: { target: { value: string } }) => edit({ [field]: e.target.value }),
  });

  return (
    <form className="filters" onSubmit={submit} aria-label="Range and brand">
      <div className="field">
        <label htmlFor={`${id}-preset`}>Range</label>
        <select
          id={`${id}-preset`}
          value={draft.preset}
          onChange={(e) => {
            const preset = e.target.value as Draft['preset'];
            if (preset === 'custom') setDraft({ ...draft, preset });
            else apply({ ...draft, preset });
          }}
        >
          {Object.entries(PRESETS).map(([value, p]) => (
            <option key={value} value={value}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom range</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-granularity`}>By</label>
        <select
          id={`${id}-granularity`}
          value={draft.granularity}
          onChange={(e) => {
            const granularity = e.target.value as AnalyticsGranularity;
            edit({ granularity, from: convertField(draft.from, granularity), to: convertField(draft.to, granularity) });
          }}
        >
          {DASHBOARD_GRANULARITIES.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>From (UTC)</label>
        <input {...fieldProps('from')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{day ? 'Through (UTC)' : 'To (UTC)'}</label>
        <input {...fieldProps('to')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-brand`}>Brand</label>
        <input
          id={`${id}-brand`}
          list={`${id}-brands`}
          placeholder="All brands"
          autoComplete="off"
          spellCheck={false}
          value={draft.brand}
          onChange={(e) => setDraft({ ...draft, brand: e.target.value })}
        />
        <datalist id={`${id}-brands`}>
          {brands.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
      </div>
      <button type="submit">Apply</button>
      {invalid && (
        <p className="field-error" id={`${id}-invalid`} role="alert">
          {invalid.message}
        </p>
      )}
    </form>
  );
}
