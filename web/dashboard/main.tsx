import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/page.css';
import './chart-setup';
import { Dashboard } from './Dashboard';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Dashboard />
  </StrictMode>,
);
