// How the trader's view writes amounts, addresses and times.

/** A fixed-point integer (decimal string) as a decimal number with at most `places` places. */
export function units(value: string | number | boolean, decimals: number, places = 4): string {
  let raw: bigint
  try {
    raw = BigInt(String(value))
  } catch {
    return String(value)
  }
  const negative = raw < 0n
  const abs = negative ? -raw : raw
  const scale = 10n ** BigInt(decimals)
  const whole = abs / scale
  const fraction = (abs % scale).toString().padStart(decimals, '0').slice(0, places).replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole.toLocaleString('en-US')}${fraction === '' ? '' : `.${fraction}`}`
}

/** An engine amount (18-decimal fixed point) in dollars: `$3,050.5`, `-$12.25`. */
export function dollars(value: string | number | boolean): string {
  const text = units(value, 18, 2)
  return text.startsWith('-') ? `-$${text.slice(1)}` : `$${text}`
}

/** `0x7099…79C8`: enough to tell solvers and transactions apart. */
export function shortHex(hex: string): string {
  return hex.length <= 12 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`
}

/** `+0.4s`, `+12.0s`, `+2m05s`, `+1h03m`; negative when a block's clock ran behind this node's. */
export function relativeTime(ms: number): string {
  const sign = ms < 0 ? '-' : '+'
  const abs = Math.abs(ms)
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(1)}s`
  const seconds = Math.floor(abs / 1000)
  if (seconds < 3600) return `${sign}${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
  return `${sign}${Math.floor(seconds / 3600)}h${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}m`
}

/** Unix seconds as `2027-01-15 08:00:05 UTC`: the same for every reader, wherever they are. */
export function instant(unixSeconds: number): string {
  return new Date(unixSeconds * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
}

/** A span still to come, rounded up to the second: `25 s`, `4 min 05 s`, `2 h 03 min`. */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor(seconds / 60) % 60).padStart(2, '0')} min`
}
