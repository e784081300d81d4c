/**
 * The reference: a bare canvas drawing 2,000 moving dots, nothing else on the page. Dots run between
 * 100 points on a circle (where the stress scenario's nodes sit), drawn as one path of circles of
 * the app's radius, filled. Size comes from the query (?w=&h=), so it matches the topology page's
 * canvas. Other ways to draw the same dots, for comparison (bench/ui/explore.ts): ?mode=outline also
 * strokes a light outline round each dot in the same path (as the app once did), ?mode=stamp copies
 * a pre-drawn outlined dot (as the app does now), ?mode=svg moves 2,000 SVG circles instead (what
 * the message layer would cost in SVG).
 */
import { sleep, recordFrames } from './frame-probe.ts';
import type { FramePage } from './api.ts';

const DOTS = 2_000;
const POINTS = 100;
const RADIUS_PX = 5;

const query = new URLSearchParams(location.search);
const width = Number(query.get('w') ?? 1200);
const height = Number(query.get('h') ?? 560);
const mode = query.get('mode') ?? 'fill';
const canvas = document.getElementById('dots') as HTMLCanvasElement;
const ctx = canvas.getContext('2d')!;
const dpr = window.devicePixelRatio || 1;
canvas.width = Math.round(width * dpr);
canvas.height = Math.round(height * dpr);
canvas.style.width = `${width}px`;
canvas.style.height = `${height}px`;

const points = Array.from({ length: POINTS }, (_, i) => ({
  x: width / 2 + 0.45 * width * Math.cos((2 * Math.PI * i) / POINTS - Math.PI / 2),
  y: height / 2 + 0.45 * height * Math.sin((2 * Math.PI * i) / POINTS - Math.PI / 2),
}));

// A small fixed PRNG: the same dots on every run.
let seed = 12345;
const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;

interface Dot {
  from: number;
  to: number;
  startMs: number;
  durationMs: number;
}
const pick = (from: number, now: number): Dot => ({
  from,
  to: (from + 1 + Math.floor(random() * (POINTS - 1))) % POINTS,
  startMs: now,
  durationMs: 800 + random() * 2_400, // 1,000 ± 600 simulated ms at 500 ms/s, as in the app
});
const start = performance.now();
const dots = Array.from({ length: DOTS }, () => {
  const d = pick(Math.floor(random() * POINTS), start);
  d.startMs -= random() * d.durationMs;
  return d;
});

const stamp = document.createElement('canvas');
stamp.width = stamp.height = Math.ceil(2 * (RADIUS_PX + 2) * dpr);
{
  const g = stamp.getContext('2d')!;
  g.scale(dpr, dpr);
  g.arc(RADIUS_PX + 2, RADIUS_PX + 2, RADIUS_PX, 0, Math.PI * 2);
  g.fillStyle = '#2b6cb0';
  g.fill();
  g.lineWidth = 1.5;
  g.strokeStyle = '#ffffff';
  g.stroke();
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const circles: SVGCircleElement[] = [];
if (mode === 'svg') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.style.cssText = 'display: block; margin: 16px auto;';
  for (let i = 0; i < DOTS; i++) {
    const c = document.createElementNS(SVG_NS, 'circle');
    c.setAttribute('r', String(RADIUS_PX));
    c.setAttribute('fill', '#2b6cb0');
    c.setAttribute('stroke', '#ffffff');
    c.setAttribute('stroke-width', '1.5');
    circles.push(svg.appendChild(c));
  }
  canvas.replaceWith(svg);
}

let running = false;
function draw(now: number): void {
  if (running) requestAnimationFrame(draw);
  if (mode === 'svg') {
    for (let i = 0; i < DOTS; i++) {
      let d = dots[i]!;
      if (now - d.startMs >= d.durationMs) d = dots[i] = pick(d.to, now);
      const p = (now - d.startMs) / d.durationMs;
      const a = points[d.from]!;
      const b = points[d.to]!;
      circles[i]!.setAttribute('cx', (a.x + (b.x - a.x) * p).toFixed(1));
      circles[i]!.setAttribute('cy', (a.y + (b.y - a.y) * p).toFixed(1));
    }
    return;
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.beginPath();
  for (let i = 0; i < DOTS; i++) {
    let d = dots[i]!;
    if (now - d.startMs >= d.durationMs) d = dots[i] = pick(d.to, now);
    const p = (now - d.startMs) / d.durationMs;
    const a = points[d.from]!;
    const b = points[d.to]!;
    const x = a.x + (b.x - a.x) * p;
    const y = a.y + (b.y - a.y) * p;
    if (mode === 'stamp') {
      const half = RADIUS_PX + 2;
      ctx.drawImage(
        stamp,
        Math.round((x - half) * dpr) / dpr,
        Math.round((y - half) * dpr) / dpr,
        2 * half,
        2 * half,
      );
    } else {
      ctx.moveTo(x + RADIUS_PX, y);
      ctx.arc(x, y, RADIUS_PX, 0, Math.PI * 2);
    }
  }
  if (mode === 'stamp') return;
  ctx.fillStyle = '#2b6cb0';
  ctx.fill();
  if (mode === 'outline') {
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }
}

const page: FramePage = {
  async ready() {
    return { width, height };
  },
  async measure(durationMs, warmupMs) {
    running = true;
    requestAnimationFrame(draw);
    await sleep(warmupMs);
    const frames = await recordFrames(durationMs);
    running = false;
    return { ...frames, inFlight: DOTS, note: '' };
  },
};
window.__bench = page;
