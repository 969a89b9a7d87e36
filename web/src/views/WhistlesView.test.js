import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage, rowTexts, stubApi } from '@/testing.js'
import WhistlesView from './WhistlesView.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const stats = {
  from: '2026-11-01',
  to: '2026-11-27',
  whistle_streets: [
    { unit_id: 31, unit_name: '夫子庙街道', whistles: 3, summons: 4, reported: 4, reported_on_time: 2, report_rate: 1, ontime_report_rate: 0.5, closed: 2, resolved: 2, resolution_rate: 1, meetings: 2, citizen_invited: 1, average_preparation_score: 3.3333 },
    { unit_id: 34, unit_name: '中华门街道', whistles: 1, summons: 2, reported: 1, reported_on_time: 1, report_rate: 0.5, ontime_report_rate: 0.5, closed: 0, resolved: 0, resolution_rate: null, meetings: 0, citizen_invited: 0, average_preparation_score: null },
  ],
  whistle_departments: [{ unit_id: 5, unit_name: '区住建局', summoned: 2, reported: 2, reported_on_time: 1, late: 1, not_reported: 0, report_rate: 1, ontime_report_rate: 0.5, whistles_resolved: 1, average_score: 4 }],
  returns: [],
  assists: [],
  guidance: [],
}

describe('吹哨报到', () => {
  it('lists the orders with a whistle', async () => {
    const { calls } = stubApi({ 'GET /orders': { items: [{ id: 9, number: '2026112600009', title: '小区消防通道被占', state: 'handling', state_name: '办理中', deadlines: {} }], total: 1, page: 1, page_size: 20 } })
    const w = await mountPage(WhistlesView, { user: { id: 9, username: 'h320104002', role: 'handler', unit_id: 31 } })
    expect(calls[0].path).toContain('flags=whistle')
    expect(rowTexts(w, '[data-test=order-table]')[0]).toContain('小区消防通道被占')
    w.unmount()
  })

  it('shows 报到率, 按时报到率 and 吹哨解决率 per street with a total, and late reports per department', async () => {
    const { calls } = stubApi({ 'GET /collaboration/stats': stats, 'GET /orders': { items: [], total: 0 } })
    const w = await mountPage(WhistlesView, { props: { initialTab: 'stats' } })
    expect(calls.some((c) => /\/collaboration\/stats\?from=\d{4}-\d{2}-01&to=/.test(c.path))).toBe(true)
    const streets = rowTexts(w, '[data-test=whistle-streets]')
    expect(streets[0]).toContain('夫子庙街道')
    expect(streets[0]).toContain('50.00%')
    expect(streets[1]).toContain('—')
    const totals = w.find('[data-test=whistle-streets] .el-table__footer').text()
    expect(totals).toContain('合计')
    expect(totals).toContain('83.33%') // 5 of 6 summons reported in
    expect(rowTexts(w, '[data-test=whistle-departments]')[0]).toContain('区住建局')
    w.unmount()
  })
})
