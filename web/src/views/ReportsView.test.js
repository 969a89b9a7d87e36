import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage, rowTexts, settle, stubApi } from '@/testing.js'
import ReportsView from './ReportsView.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const summary = { id: 5, kind: 'monthly', kind_name: '月报告', from: '2026-10-01', to: '2026-10-31', generated_at: '2026-11-01T02:00:00+08:00', generated_by: null }
const report = {
  ...summary,
  sections: [
    {
      id: 'overview',
      title: '总体情况',
      note: '全区各项数量与三率',
      columns: [
        { key: 'name', title: '范围', type: 'text' },
        { key: 'received', title: '受理量', type: 'int' },
        { key: 'satisfaction_rate', title: '满意率', type: 'rate' },
      ],
      rows: [{ name: '全区', received: 1187, satisfaction_rate: 0.7315 }],
    },
    { id: 'whistles', title: '吹哨报到', note: '', columns: [{ key: 'name', title: '街道', type: 'text' }], rows: [] },
  ],
}

describe('报表', () => {
  it('lists the reports, opens the newest and shows its sections as tables', async () => {
    stubApi({ 'GET /reports': { items: [summary], total: 1, page: 1, page_size: 15 }, 'GET /reports/5': report })
    const w = await mountPage(ReportsView)
    expect(rowTexts(w, '[data-test=report-list]')[0]).toContain('2026-10-01 至 2026-10-31')
    expect(w.find('[data-test=report-head]').text()).toContain('月报告')
    const overview = rowTexts(w, '[data-section=overview]')
    expect(overview[0]).toContain('1,187')
    expect(overview[0]).toContain('73.15%')
    expect(w.find('[data-section=whistles]').text()).toContain('本期无数据')
    w.unmount()
  })

  it('generates a monthly report and shows it; a refusal is explained', async () => {
    const { calls } = stubApi({
      'GET /reports': { items: [], total: 0, page: 1, page_size: 15 },
      'POST /reports': (path, init) => (JSON.parse(init.body).kind === 'monthly' ? { ...report, id: 6 } : { __status: 400, body: { error: { code: 'invalid_value', message: '日期不能晚于今天', field: 'date' } } }),
    })
    const w = await mountPage(ReportsView)
    expect(w.text()).toContain('还没有生成过报告')
    await w.find('[data-test=report-generate]').trigger('click')
    await settle()
    const post = calls.find((c) => c.method === 'POST')
    expect(post.body.kind).toBe('monthly')
    expect(post.body.date).toMatch(/^\d{4}-\d{2}-01$/)
    expect(w.find('[data-section=overview]').exists()).toBe(true)
    await w.find('[data-kind=daily] input').setValue(true)
    await w.find('[data-test=report-generate]').trigger('click')
    await settle()
    expect(w.find('[data-test=report-error]').text()).toContain('日期不能晚于今天（字段：date）')
    w.unmount()
  })

  it('hides generating from deputies', async () => {
    stubApi({ 'GET /reports': { items: [], total: 0 } })
    const w = await mountPage(ReportsView, { user: { id: 3, username: 'deputy1', role: 'deputy', unit_id: 1 } })
    expect(w.find('[data-test=report-form]').exists()).toBe(false)
    w.unmount()
  })
})
