import { describe, expect, it } from 'vitest'
import { beijingDate, countdown, formatTime, runningStep, spanText, workingSpanText } from './time.js'

describe('Beijing time', () => {
  it('formats instants in Beijing time whatever their offset', () => {
    expect(formatTime('2026-11-26T16:30:00Z')).toBe('2026-11-27 00:30')
    expect(formatTime('2026-11-26T09:05:00+08:00')).toBe('2026-11-26 09:05')
    expect(formatTime(null)).toBe('—')
    expect(formatTime('not a time')).toBe('—')
    expect(beijingDate(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01')
  })

  it('words spans and countdowns', () => {
    expect(spanText(3 * 1440 + 125)).toBe('3天2小时')
    expect(spanText(65)).toBe('1小时5分')
    expect(spanText(7)).toBe('7分')
    expect(workingSpanText(450 * 2 + 90)).toBe('2个工作日1小时')
    const now = new Date('2026-11-26T08:00:00+08:00')
    expect(countdown('2026-11-26T10:30:00+08:00', now)).toEqual({ text: '剩余 2小时30分', level: 'ok' })
    expect(countdown('2026-11-26T10:30:00+08:00', now, true).level).toBe('soon')
    expect(countdown('2026-11-25T08:00:00+08:00', now)).toEqual({ text: '已超期 1天', level: 'overdue' })
  })

  it('picks the running step, signing before handling', () => {
    expect(runningStep({ deadlines: { sign: { due_at: 'x' }, handle: null } }).name).toBe('签收')
    expect(runningStep({ deadlines: { sign: null, handle: { due_at: 'y' } } }).name).toBe('办理')
    expect(runningStep({ deadlines: { sign: null, handle: null, review: null, callback: null } })).toBeNull()
  })
})
