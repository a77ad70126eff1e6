import { useId } from 'react';

interface Props {
  value: string;
  /** Suggestions; any brand id may be typed. */
  brands: string[];
  onChange: (brand: string) => void;
}

export function BrandField({ value, brands, onChange }: Props) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Brand</label>
      <input
        id={id}
        list={`${id}-brands`}
        placeholder="All brands"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={`${id}-brands`}>
        {brands.map((b) => (
          <option key={b} value={b} />
        ))}
      </datalist>
    </div>
  );
}
