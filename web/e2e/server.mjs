// Starts a real `hotline serve` for the end-to-end run: a fresh demo
// district in a temporary directory, the built web application, a free
// loopback port. Stops it (and removes the directory) on request.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

async function waitReady(url, server, log) {
  for (let i = 0; i < 200; i++) {
    if (server.exitCode !== null) throw new Error(`hotline serve exited (${server.exitCode}):\n${log()}`)
    try {
      const r = await fetch(`${url}/readyz`)
      if (r.ok) return
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`hotline serve did not become ready:\n${log()}`)
}

export async function startHotline({ hotline, webRoot, password, orders = 120 }) {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-e2e-'))
  const db = join(dir, 'e2e.db')
  execFileSync(hotline, ['demo', '--db', db, '--password', password, '--orders', String(orders)], { stdio: 'pipe' })
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let output = ''
  const server = spawn(hotline, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web-root', webRoot], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout.on('data', (d) => (output += d))
  server.stderr.on('data', (d) => (output += d))
  const log = () => output.split('\n').slice(-30).join('\n')
  await waitReady(url, server, log)
  return {
    url,
    log,
    async stop() {
      if (server.exitCode === null) {
        server.kill('SIGTERM')
        await new Promise((r) => server.once('exit', r))
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
