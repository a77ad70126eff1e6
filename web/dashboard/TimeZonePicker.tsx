import { useId, useMemo } from 'react';
import { zoneGroups } from './zones';

interface Props {
  value: string;
  onChange: (tz: string) => void;
}

/** The zone every chart's buckets, labels and the range fields are in: any IANA zone this browser knows. */
export function TimeZonePicker({ value, onChange }: Props) {
  const id = useId();
  const groups = useMemo(() => zoneGroups([value]), [value]);
  return (
    <div className="field">
      <label htmlFor={id}>Time zone</label>
      <select id={id} className="zone" value={value} onChange={(e) => onChange(e.target.value)}>
        {groups.map(([area, zones]) => (
          <optgroup key={area} label={area}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, ' ')}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
