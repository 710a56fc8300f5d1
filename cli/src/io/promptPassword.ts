import { PasswordError } from '../errors.ts'
import { printPrompt } from '../output/print.ts'

/** Whether a person is there to answer a prompt. */
export function canPrompt(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true
}

/**
 * Asks for a password on the terminal without echoing it. Raw mode, so that the characters never
 * reach the screen or the scrollback; Ctrl-C and Ctrl-D cancel.
 */
export function promptPassword(question: string): Promise<string> {
  const stdin = process.stdin
  // Raw mode before the prompt shows, so that not even a character typed ahead is echoed.
  stdin.setRawMode(true)
  printPrompt(question)
  stdin.setEncoding('utf8')
  stdin.resume()
  return new Promise((resolve, reject) => {
    let password = ''
    const finish = () => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      printPrompt('\n')
    }
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish()
          resolve(password)
          return
        }
        if (character === '\u0003' || character === '\u0004') {
          finish()
          reject(new PasswordError('cancelled'))
          return
        }
        if (character === '\u007f' || character === '\b') {
          password = Array.from(password).slice(0, -1).join('')
          continue
        }
        password += character
      }
    }
    stdin.on('data', onData)
  })
}
