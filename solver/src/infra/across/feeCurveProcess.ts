// The short-lived process acrossFees.ts starts: evaluates the Across SDK's fee curve for the input
// in argv[2] (JSON), writes it to stdout as JSON and exits, taking the SDK's memory with it.
import { type FeeCurveInput, sdkFeeCurve } from './sdkFeeCurve.ts'

const input = JSON.parse(process.argv[2] ?? '') as FeeCurveInput
process.stdout.write(JSON.stringify(sdkFeeCurve(input)))
