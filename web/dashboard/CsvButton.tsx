import { useState } from 'react';
import { downloadCsv } from './download-csv';

/** "Download CSV" of a panel's figures: the API's CSV of the very request the panel shows. */
export function CsvButton({ path, filename }: { path: string; filename: string }) {
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <p className="csv-download">
      <button
        type="button"
        className="secondary inline"
        onClick={() => {
          setFailure(null);
          downloadCsv(path, filename).catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
        }}
      >
        Download CSV
      </button>
      {failure && <span role="alert"> The download failed: {failure}</span>}
    </p>
  );
}
