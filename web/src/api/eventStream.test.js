import { describe, expect, it } from 'vitest'
import { parseEvents } from './eventStream.js'

describe('event stream parsing', () => {
  it('splits named events, skips comments and keeps partial ones for later', () => {
    const text = 'retry: 5000\n: connected\n\nevent: call\ndata: {"call_id":"C1"}\n\n: ping\n\nevent: notification\ndata: {"id":'
    const [events, rest] = parseEvents(text)
    expect(events).toEqual([{ name: 'call', data: '{"call_id":"C1"}' }])
    expect(rest).toBe('event: notification\ndata: {"id":')
    const [more, left] = parseEvents(rest + '7}\n\n')
    expect(more).toEqual([{ name: 'notification', data: '{"id":7}' }])
    expect(left).toBe('')
  })

  it('joins multi-line data and accepts CRLF', () => {
    const [events] = parseEvents('event: note\r\ndata: a\r\ndata: b\r\n\r\n')
    expect(events).toEqual([{ name: 'note', data: 'a\nb' }])
  })
})
