import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/page.css';
import { Kitchen } from './Kitchen';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Kitchen />
  </StrictMode>,
);
