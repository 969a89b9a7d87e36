// Reads the server's event stream (GET /api/v1/events) with fetch, because
// EventSource cannot send the bearer token. Calls `onEvent(name, data)` for
// each event and reconnects after a dropped connection until stopped; a 401
// ends it (the session is over).

// Splits complete events off `buffer`; returns [events, rest].
export function parseEvents(buffer) {
  const events = []
  let rest = buffer.replace(/\r\n/g, '\n')
  let end
  while ((end = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, end)
    rest = rest.slice(end + 2)
    let name = 'message'
    const data = []
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue // a keep-alive comment
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'event') name = value
      else if (field === 'data') data.push(value)
    }
    if (data.length) events.push({ name, data: data.join('\n') })
  }
  return [events, rest]
}

export function openEventStream(token, onEvent, { retryMs = 5000 } = {}) {
  let stopped = false
  let controller = null
  let timer = null

  async function connect() {
    controller = new AbortController()
    try {
      const response = await fetch('/api/v1/events', {
        headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
        signal: controller.signal,
      })
      if (response.status === 401) return (stopped = true)
      if (!response.ok || !response.body) throw new Error(`events ${response.status}`)
      const reader = response.body.getReader()
      const decoder = new TextDecoder()
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        const [events, rest] = parseEvents(buffer + decoder.decode(value, { stream: true }))
        buffer = rest
        for (const e of events) {
          let data = e.data
          try {
            data = JSON.parse(e.data)
          } catch {
            /* not JSON: hand over the text */
          }
          onEvent(e.name, data)
        }
      }
    } catch {
      /* dropped or refused: try again below */
    }
    if (!stopped) timer = setTimeout(connect, retryMs)
  }

  connect()
  return () => {
    stopped = true
    clearTimeout(timer)
    if (controller) controller.abort()
  }
}
