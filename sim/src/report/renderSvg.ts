import { parse, View } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'

/**
 * A Vega-Lite chart rendered to an SVG string, headless: no DOM, no browser, no network. The one place
 * the plotting library is used, so it could be swapped without touching the report.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
