import { describe, expect, it } from 'vitest'
import { formatCell, monthRange, periodPresets, periodText, reportRequest } from './period.js'

describe('periods', () => {
  it('ends the current month today and past months on their last day', () => {
    expect(monthRange('2026-11', '2026-11-27')).toEqual({ from: '2026-11-01', to: '2026-11-27' })
    expect(monthRange('2026-02', '2026-11-27')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(monthRange('2024-02', '2026-11-27').to).toBe('2024-02-29')
  })

  it('offers this month, last month (across a year), the quarter, the year and 30 days', () => {
    const p = Object.fromEntries(periodPresets('2026-01-15').map((x) => [x.key, x]))
    expect(p.month).toMatchObject({ from: '2026-01-01', to: '2026-01-15', label: '本月' })
    expect(p.last_month).toMatchObject({ from: '2025-12-01', to: '2025-12-31' })
    expect(p.quarter).toMatchObject({ from: '2026-01-01', to: '2026-01-15' })
    expect(p.year.from).toBe('2026-01-01')
    expect(p['30d']).toMatchObject({ from: '2025-12-17', to: '2026-01-15' })
    expect(periodPresets('2026-08-03').find((x) => x.key === 'quarter').from).toBe('2026-07-01')
    expect(periodText({ from: '2026-11-01', to: '2026-11-30' })).toBe('2026-11-01 至 2026-11-30')
  })
})

describe('report requests', () => {
  const today = '2026-11-27'
  it('builds the body for each kind', () => {
    expect(reportRequest('daily', { date: '2026-11-26' }, today)).toEqual({ body: { kind: 'daily', date: '2026-11-26' } })
    expect(reportRequest('monthly', { date: '2026-10' }, today)).toEqual({ body: { kind: 'monthly', date: '2026-10-01' } })
    expect(reportRequest('monthly', { date: '2026-11' }, today).body.date).toBe('2026-11-01')
    expect(reportRequest('annual', { date: '2025' }, today)).toEqual({ body: { kind: 'annual', date: '2025-01-01' } })
    expect(reportRequest('custom', { range: ['2026-10-01', '2026-10-15'] }, today)).toEqual({ body: { kind: 'custom', from: '2026-10-01', to: '2026-10-15' } })
  })

  it('refuses what the server would refuse, in Chinese', () => {
    expect(reportRequest('daily', {}, today).error).toBe('请选择日期')
    expect(reportRequest('monthly', {}, today).error).toBe('请选择月份')
    expect(reportRequest('daily', { date: '2026-11-28' }, today).error).toContain('将来')
    expect(reportRequest('custom', { range: ['2026-11-02', '2026-11-01'] }, today).error).toContain('开始日期')
    expect(reportRequest('custom', { range: ['2026-11-02', '2026-12-01'] }, today).error).toContain('今天')
    expect(reportRequest('bogus', { date: '2026-11-01' }, today).error).toBe('请选择报告类型')
  })

  it('formats cells by column type', () => {
    expect(formatCell(0.7315, 'rate')).toBe('73.15%')
    expect(formatCell(null, 'rate')).toBe('—')
    expect(formatCell(12345, 'int')).toBe('12,345')
    expect(formatCell('全区', 'text')).toBe('全区')
  })
})
