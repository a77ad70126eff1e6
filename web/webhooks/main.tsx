import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/page.css';
import { ErrorBoundary } from '../shared/ErrorBoundary';
import { Webhooks } from './Webhooks';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <Webhooks />
    </ErrorBoundary>
  </StrictMode>,
);
