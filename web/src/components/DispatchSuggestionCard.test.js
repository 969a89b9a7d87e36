import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage, settle, stubApi } from '@/testing.js'
import DispatchSuggestionCard from './DispatchSuggestionCard.vue'
import ActionDialog from './ActionDialog.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const dispatcher = { id: 3, username: 'dispatcher1', role: 'dispatcher', unit_id: 1 }
const units = [
  { id: 1, name: '12345热线', kind: 'platform', parent_id: null },
  { id: 8, name: '区城管局', kind: 'department', parent_id: null },
  { id: 12, name: '夫子庙街道', kind: 'street', parent_id: null },
  { id: 30, name: '钞库街社区', kind: 'community', parent_id: 12 },
]
const suggestions = {
  model_version: null,
  categories: [{ category_id: 41, name: '建筑施工噪音', confidence: 0.55, reasons: ['类别名称出现在文本中'] }],
  units: [
    { unit_id: 12, name: '夫子庙街道', kind: 'street', confidence: 0.7234, reasons: ['地址位于夫子庙街道', '权责清单：“施工噪音”'] },
    { unit_id: 8, name: '区城管局', kind: 'department', confidence: 0.2, reasons: ['分类默认承办单位'] },
  ],
  place: { street_unit_id: 12, street_name: '夫子庙街道', community_unit_id: 30, community_name: '钞库街社区', confidence: 0.9, names: ['老门东'] },
}
const order = { id: 5, number: '2026112700005', version: 2, title: '夜间施工噪音扰民' }

describe('智能派单建议 card', () => {
  it('shows the units with confidence and reasons, the place and the categories', async () => {
    const { calls } = stubApi({ 'GET /orders/5/suggestions': suggestions })
    const w = await mountPage(DispatchSuggestionCard, { user: dispatcher, units, props: { orderId: 5 } })
    expect(calls[0].path).toBe('/orders/5/suggestions')
    const rows = w.findAll('[data-test=suggested-unit]')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('夫子庙街道')
    expect(rows[0].text()).toContain('街道')
    expect(rows[0].text()).toContain('72%')
    expect(rows[0].text()).toContain('地址位于夫子庙街道；权责清单：“施工噪音”')
    expect(rows[1].text()).toContain('职能部门')
    expect(w.find('[data-test=suggestion-model]').text()).toBe('未训练模型，依据权责清单与地名')
    expect(w.find('[data-test=suggested-place]').text()).toContain('夫子庙街道 / 钞库街社区')
    expect(w.find('[data-test=suggested-place]').text()).toContain('老门东')
    expect(w.find('[data-test=suggested-categories]').text()).toContain('建筑施工噪音 55%')
    await rows[1].trigger('click')
    expect(w.emitted('pick')[0][0].unit_id).toBe(8)
    w.unmount()
  }, 30000)

  it('names the model version when there is one', async () => {
    stubApi({ 'GET /orders/5/suggestions': { ...suggestions, model_version: 3 } })
    const w = await mountPage(DispatchSuggestionCard, { user: dispatcher, units, props: { orderId: 5 } })
    expect(w.find('[data-test=suggestion-model]').text()).toBe('模型 v3')
    w.unmount()
  }, 30000)

  it('shows a muted note when the service is unavailable', async () => {
    stubApi({ 'GET /orders/5/suggestions': { __status: 503, body: { error: { code: 'dispatch_unavailable', message: '派单建议服务未启用' } } } })
    const w = await mountPage(DispatchSuggestionCard, { user: dispatcher, units, props: { orderId: 5 } })
    const note = w.find('[data-test=suggestion-note]')
    expect(note.text()).toBe('派单建议服务未启用')
    expect(note.classes()).toContain('muted')
    expect(w.findAll('[data-test=suggested-unit]')).toHaveLength(0)
    w.unmount()
  }, 30000)
})

describe('the dispatch form with suggestions', () => {
  it('fills 主办单位 with a clicked unit and still dispatches on confirm', async () => {
    let sent = null
    stubApi({
      'GET /orders/5/suggestions': suggestions,
      'POST /orders/5/actions/dispatch': (path, init) => {
        sent = JSON.parse(init.body)
        return { ...order, state: 'dispatched', version: 3 }
      },
    })
    const w = await mountPage(ActionDialog, { user: dispatcher, units, props: { order, action: 'dispatch' } })
    const unit = document.querySelector('[data-test=suggested-unit][data-unit-id="12"]')
    expect(unit).not.toBeNull()
    unit.click()
    await settle()
    expect(w.vm.$.setupState.values.lead_unit_id).toBe(12)
    expect(document.querySelector('[data-field=lead_unit_id]').textContent).toContain('夫子庙街道')
    expect(document.querySelector('[data-test=suggested-unit][data-unit-id="12"]').classList).toContain('selected')
    // Nothing is sent until the dispatcher confirms.
    expect(sent).toBeNull()
    document.querySelector('button[data-test=action-submit]').click()
    await settle()
    expect(sent).toEqual({ lead_unit_id: 12, version: 2 })
    expect(w.emitted('done')).toBeTruthy()
    w.unmount()
  }, 30000)

  it('dispatches as usual when suggestions fail', async () => {
    let sent = null
    stubApi({
      'GET /orders/5/suggestions': { __status: 403, body: { error: { code: 'role_not_allowed', message: '无权查看派单建议' } } },
      'POST /orders/5/actions/dispatch': (path, init) => {
        sent = JSON.parse(init.body)
        return { ...order, state: 'dispatched', version: 3 }
      },
    })
    const w = await mountPage(ActionDialog, { user: dispatcher, units, props: { order, action: 'dispatch' } })
    expect(document.querySelector('[data-test=suggestion-note]').textContent).toContain('无权查看派单建议')
    w.vm.$.setupState.values.lead_unit_id = 8
    document.querySelector('button[data-test=action-submit]').click()
    await settle()
    expect(sent.lead_unit_id).toBe(8)
    w.unmount()
  }, 30000)

  it('shows no suggestions for other actions', async () => {
    const { calls } = stubApi({})
    const w = await mountPage(ActionDialog, { user: dispatcher, units, props: { order, action: 'direct-answer' } })
    expect(document.querySelector('[data-test=dispatch-suggestions]')).toBeNull()
    expect(calls.some((c) => c.path.includes('suggestions'))).toBe(false)
    w.unmount()
  }, 30000)
})
