/**
 * Lighthouse's performance category under its default (mobile) profile: a mid-range phone's screen,
 * 4x CPU slowdown and a slow 4G network, simulated. The pages come from the production build served
 * compressed (server.ts), the way a static host sends them. Lighthouse drives its own headless
 * instance of the same Chromium the rest of the benchmark uses.
 */
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { median } from './stats.ts';

export interface LighthouseFigures {
  /** The performance score, 0–100 (median of the runs; each metric below is the median too). */
  score: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  mainThreadMs: number;
  bootupMs: number;
  /** Each run's score, in order. */
  scores: number[];
}

/** Runs Lighthouse `runs` times on each URL, one Chromium for all; results in the order of `urls`. */
export async function lighthouseScores(
  urls: string[],
  chromePath: string | undefined,
  runs: number,
): Promise<LighthouseFigures[]> {
  const chrome = await launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const out: LighthouseFigures[] = [];
    for (const url of urls) {
      const samples: Record<keyof Omit<LighthouseFigures, 'scores'>, number>[] = [];
      for (let r = 0; r < runs; r++) {
        const result = await lighthouse(url, {
          port: chrome.port,
          onlyCategories: ['performance'],
          logLevel: 'error',
          output: 'json',
        });
        if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
        const { lhr } = result;
        if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
        const value = (id: string): number => lhr.audits[id]?.numericValue ?? NaN;
        samples.push({
          score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          fcpMs: value('first-contentful-paint'),
          lcpMs: value('largest-contentful-paint'),
          tbtMs: value('total-blocking-time'),
          cls: value('cumulative-layout-shift'),
          speedIndexMs: value('speed-index'),
          mainThreadMs: value('mainthread-work-breakdown'),
          bootupMs: value('bootup-time'),
        });
      }
      const med = (k: keyof (typeof samples)[number]) => median(samples.map((s) => s[k]));
      out.push({
        score: med('score'),
        fcpMs: med('fcpMs'),
        lcpMs: med('lcpMs'),
        tbtMs: med('tbtMs'),
        cls: med('cls'),
        speedIndexMs: med('speedIndexMs'),
        mainThreadMs: med('mainThreadMs'),
        bootupMs: med('bootupMs'),
        scores: samples.map((s) => s.score),
      });
    }
    return out;
  } finally {
    chrome.kill();
  }
}
