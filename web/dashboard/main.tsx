import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/page.css';
import './chart-setup';
import { Dashboard } from './Dashboard';

// Local buckets are Temporal's arithmetic; a browser without it loads the polyfill (a chunk of its
// own, which a browser with Temporal never asks for) before the page starts.
const temporal = 'Temporal' in globalThis ? Promise.resolve() : import('temporal-polyfill/global');

void temporal.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Dashboard />
    </StrictMode>,
  ),
);
