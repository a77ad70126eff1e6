import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/page.css';
import { ErrorBoundary } from '../shared/ErrorBoundary';
import { Tracking } from './Tracking';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <Tracking />
    </ErrorBoundary>
  </StrictMode>,
);
