import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartType,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  Tooltip,
} from 'chart.js';

// Only what the dashboard draws, so the bundle carries no unused chart types.
Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
Chart.defaults.color = '#1b1f24';
// Figures refresh every few seconds: an animation each time would distract more than it tells.
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

/**
 * Writes how many points or bars the chart drew on its canvas (`data-drawn-points`), so what is on
 * screen can be checked against the table that carries the same figures.
 */
export const drawnPoints: Plugin<ChartType> = {
  id: 'drawnPoints',
  afterRender(chart) {
    const drawn = chart.data.datasets.reduce(
      (sum, _, i) => sum + (chart.isDatasetVisible(i) ? chart.getDatasetMeta(i).data.length : 0),
      0,
    );
    chart.canvas.dataset.drawnPoints = String(drawn);
  },
};

/** Colours with contrast on white, told apart by shape as well for colour-blind readers. */
export const SERIES_STYLE = {
  placed: { color: '#0b5cad', pointStyle: 'circle' },
  pickedUp: { color: '#1a7f37', pointStyle: 'rect' },
  rejected: { color: '#b42318', pointStyle: 'triangle' },
  cancelled: { color: '#8a5a00', pointStyle: 'crossRot' },
} as const;
