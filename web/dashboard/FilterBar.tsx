import { type FormEvent, useId, useState } from 'react';
import { ANALYTICS_GRANULARITIES, type AnalyticsGranularity } from '../../libs/contracts/src/analytics';
import { BrandField } from './BrandField';
import type { Filters } from './figures';
import { convertFields, fieldsOf, latestLabel, latestRange, rangeFromFields, usesDates } from './range';
import { TimeZonePicker } from './TimeZonePicker';

interface Props {
  filters: Filters;
  brands: string[];
  onApply: (filters: Filters) => void;
}

type Draft = { fixed: boolean; granularity: AnalyticsGranularity; tz: string; from: string; to: string; brand: string };

function draftOf(filters: Filters): Draft {
  const { granularity, tz, fixed } = filters.choice;
  const range = fixed ? { ...fixed, granularity, tz } : latestRange(granularity, tz, Date.now());
  return { fixed: fixed !== null, granularity, tz, ...fieldsOf(range), brand: filters.brandId ?? '' };
}

/**
 * Range, granularity, zone and brand. A choice from a list applies at once; typed ends apply with
 * the button (or Enter) and stay fixed, widened to whole buckets of the zone (shown back in the
 * fields). "Last …" is the API's own latest range, which slides with the clock. An empty brand
 * means every brand the key may see.
 */
export function FilterBar({ filters, brands, onApply }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(filters));
  const [invalid, setInvalid] = useState<{ field: 'from' | 'to'; message: string } | null>(null);
  const dates = usesDates(draft.granularity);

  const apply = (next: Draft) => {
    const base = { ...filters, brandId: next.brand.trim() || null };
    const { granularity, tz } = next;
    if (!next.fixed) {
      const latest = { ...base, choice: { granularity, tz, fixed: null } };
      setInvalid(null);
      setDraft(draftOf(latest));
      return onApply(latest);
    }
    const outcome = rangeFromFields(next.from, next.to, granularity, tz);
    if ('field' in outcome) {
      setDraft(next);
      return setInvalid(outcome);
    }
    const { from, to } = outcome.range;
    setInvalid(null);
    setDraft({ ...next, ...fieldsOf(outcome.range) });
    onApply({ ...base, choice: { granularity, tz, fixed: { from, to } } });
  };
  const edit = (change: Partial<Draft>) => setDraft((d) => ({ ...d, fixed: true, ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const fieldProps = (field: 'from' | 'to') => ({
    id: `${id}-${field}`,
    type: dates ? 'date' : 'datetime-local',
    step: dates ? undefined : 3600,
    required: true,
    value: draft[field],
    'aria-invalid': invalid?.field === field || undefined,
    'aria-describedby': invalid?.field === field ? `${id}-invalid` : undefined,
    onChange: (e: { target: { value: string } }) => edit({ [field]: e.target.value }),
  });

  return (
    <form className="filters" onSubmit={submit} aria-label="Range, zone and brand">
      <div className="field">
        <label htmlFor={`${id}-range`}>Range</label>
        <select
          id={`${id}-range`}
          value={draft.fixed ? 'custom' : 'latest'}
          onChange={(e) =>
            e.target.value === 'latest' ? apply({ ...draft, fixed: false }) : setDraft({ ...draft, fixed: true })
          }
        >
          <option value="latest">{latestLabel(draft.granularity)}</option>
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
            apply({ ...draft, granularity, ...convertFields(draft, granularity) });
          }}
        >
          {ANALYTICS_GRANULARITIES.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </div>
      <TimeZonePicker value={draft.tz} onChange={(tz) => apply({ ...draft, tz })} />
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input {...fieldProps('from')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{dates ? 'Through' : 'To'}</label>
        <input {...fieldProps('to')} />
      </div>
      <BrandField value={draft.brand} brands={brands} onChange={(brand) => setDraft({ ...draft, brand })} />
      <button type="submit">Apply</button>
      {invalid && (
        <p className="field-error" id={`${id}-invalid`} role="alert">
          {invalid.message}
        </p>
      )}
    </form>
  );
}
