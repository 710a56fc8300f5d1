import { spawn } from 'node:child_process'

export type ControlServer = { url: string; stop(): Promise<void> }

const SCRIPT = `
const server = require('node:http').createServer((_, res) => res.end('{"ok":true}'))
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'))
`

/**
 * A do-nothing HTTP server in its own process, timed like the node's /healthz: on a shared machine it
 * tells how much of a latency is the machine's (the control is slow too) rather than the node's.
 */
export async function startControlServer(): Promise<ControlServer> {
  const child = spawn(process.execPath, ['-e', SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<void>((done) => child.on('close', () => done()))
  const port = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      if (out.includes('\n')) resolve(out.trim())
    })
    child.once('error', reject)
  })
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}
