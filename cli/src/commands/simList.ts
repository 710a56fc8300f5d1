import { MECHANISMS, METRIC_DESCRIPTIONS, METRIC_NAMES, SCENARIOS } from '@xmargin/sim'
import type { Argv } from 'yargs'
import { printFields, printJson, printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export function simListCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'list',
    'List scenarios, mechanisms and metrics with one-line descriptions',
    (command) => command,
    (argv) => {
      const scenarios = SCENARIOS.map(({ name, description }) => ({ name, description }))
      const mechanisms = MECHANISMS.map(({ name, description }) => ({ name, description }))
      if (argv.json) {
        printJson({ scenarios, mechanisms, metrics: METRIC_DESCRIPTIONS })
        return
      }
      printLines('Scenarios (--scenario NAME, or a JSON file {"extends": NAME, …}):')
      printFields(
        scenarios.map(({ name, description }) => [name, description]),
        '  ',
      )
      printLines('', 'Mechanisms (--mechanism a,b,…):')
      printFields(
        mechanisms.map(({ name, description }) => [name, description]),
        '  ',
      )
      printLines('', 'Metrics (results.csv columns, summary.json keys):')
      printFields(
        METRIC_NAMES.map((name) => [name, METRIC_DESCRIPTIONS[name]]),
        '  ',
      )
    },
  )
}
