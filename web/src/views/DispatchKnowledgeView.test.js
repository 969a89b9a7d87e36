import { afterEach, describe, expect, it, vi } from 'vitest'
import { ElMessageBox } from 'element-plus'
import { mountPage, rowTexts, settle, stubApi } from '@/testing.js'
import DispatchKnowledgeView from './DispatchKnowledgeView.vue'

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const admin = { id: 1, username: 'admin', role: 'admin', unit_id: 1 }
const units = [
  { id: 1, name: '12345热线', kind: 'platform', parent_id: null },
  { id: 6, name: '区城管局', kind: 'department', parent_id: null },
  { id: 31, name: '夫子庙街道', kind: 'street', parent_id: null },
  { id: 49, name: '钞库街社区', kind: 'community', parent_id: 31 },
  { id: 50, name: '宏光社区', kind: 'community', parent_id: 32 },
]
const rule = { id: 1, phrase: '施工噪音', category_id: null, category_name: null, unit_id: 31, unit_name: '夫子庙街道', note: '街道负责夜间施工巡查' }
const place = { id: 2, name: '老门东', kind: 'landmark', kind_name: '地标', street_unit_id: 31, street_name: '夫子庙街道', community_unit_id: 49 }
const model = {
  version: 2,
  created_at: '2026-11-27T11:15:32+08:00',
  trained_orders: 56,
  category_labels: 32,
  unit_labels: 27,
  details: { held_out_category_top1: 0.8, held_out_unit_top1: 0.4 },
  in_force: true,
  outcome: { suggested: 10, settled: 4, unit_hits: 3, category_hits: 2 },
}

function routes(extra = {}) {
  return {
    'GET /dispatch/responsibilities': { items: [rule] },
    'GET /dispatch/places': { items: [place] },
    'GET /dispatch/models': { items: [model] },
    ...extra,
  }
}

describe('派单知识 page', () => {
  it('lists the 权责清单, the 地名库 and the models', async () => {
    stubApi(routes())
    const w = await mountPage(DispatchKnowledgeView, { user: admin, units })
    expect(rowTexts(w, '[data-test=rules]')[0]).toContain('施工噪音')
    expect(rowTexts(w, '[data-test=rules]')[0]).toContain('夫子庙街道')
    const placeRow = rowTexts(w, '[data-test=places]')[0]
    expect(placeRow).toContain('老门东')
    expect(placeRow).toContain('地标')
    expect(placeRow).toContain('钞库街社区')
    const modelRow = rowTexts(w, '[data-test=models]')[0]
    expect(modelRow).toContain('v2')
    expect(modelRow).toContain('在用')
    expect(modelRow).toContain('80.0% / 40.0%')
    expect(modelRow).toContain('10 / 4')
    expect(modelRow).toContain('75.0% / 50.0%')
    w.unmount()
  }, 30000)

  it('adds a responsibility and lists it', async () => {
    let added = null
    const rules = []
    const { calls } = stubApi(
      routes({
        'GET /dispatch/responsibilities': () => ({ items: rules }),
        'POST /dispatch/responsibilities': (path, init) => {
          added = JSON.parse(init.body)
          rules.push({ id: 7, ...added, category_id: null, category_name: null, unit_name: '区城管局' })
          return rules[0]
        },
      }),
    )
    const w = await mountPage(DispatchKnowledgeView, { user: admin, units })
    const state = w.vm.$.setupState
    // Checked before asking: a phrase or a category, and a unit.
    await w.find('[data-test=rule-add]').trigger('click')
    await settle()
    expect(state.ruleErrors.phrase).toBe('请填写关键词或选择诉求分类')
    expect(state.ruleErrors.unit_id).toBe('请选择负责单位')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    await w.find('input[data-test=rule-phrase]').setValue(' 占道经营 ')
    state.rule.unit_id = 6
    await w.find('[data-test=rule-form]').trigger('submit')
    await settle()
    expect(added).toEqual({ phrase: '占道经营', unit_id: 6 })
    expect(rowTexts(w, '[data-test=rules]')[0]).toContain('占道经营')
    expect(state.rule.phrase).toBe('')
    w.unmount()
  }, 30000)

  it('shows the server\'s refusal beside the field', async () => {
    stubApi(routes({ 'POST /dispatch/responsibilities': { __status: 400, body: { error: { code: 'invalid_value', message: '关键词不超过 20 个字', field: 'phrase' } } } }))
    const w = await mountPage(DispatchKnowledgeView, { user: admin, units })
    const state = w.vm.$.setupState
    state.rule.phrase = '很长的关键词'
    state.rule.unit_id = 6
    await state.addRule()
    await settle()
    expect(state.ruleErrors.phrase).toBe('关键词不超过 20 个字')
    w.unmount()
  }, 30000)

  it('deletes a responsibility after confirming, and not without', async () => {
    const { calls } = stubApi(routes({ 'DELETE /dispatch/responsibilities/1': { deleted: 1 } }))
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel').mockResolvedValueOnce('confirm')
    const w = await mountPage(DispatchKnowledgeView, { user: admin, units })
    await w.find('[data-test=rule-delete]').trigger('click')
    await settle()
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false)
    await w.find('[data-test=rule-delete]').trigger('click')
    await settle()
    expect(confirm).toHaveBeenCalledTimes(2)
    expect(confirm.mock.calls[0][0]).toContain('施工噪音')
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/dispatch/responsibilities/1'])
    w.unmount()
  }, 30000)

  it('adds a place with a street and an optional community of that street', async () => {
    let added = null
    stubApi(
      routes({
        'POST /dispatch/places': (path, init) => {
          added = JSON.parse(init.body)
          return { id: 3, ...added, kind_name: '小区', street_name: '夫子庙街道' }
        },
      }),
    )
    const w = await mountPage(DispatchKnowledgeView, { user: admin, units })
    const state = w.vm.$.setupState
    await state.addPlace()
    expect(state.placeErrors.name).toBe('请填写名称')
    expect(state.placeErrors.street_unit_id).toBe('请选择所属街道')
    expect(added).toBeNull()
    state.place.name = '剪子巷小区'
    state.place.street_unit_id = 31
    await settle()
    expect(state.communities.map((c) => c.name)).toEqual(['钞库街社区'])
    state.place.community_unit_id = 49
    await state.addPlace()
    await settle()
    expect(added).toEqual({ name: '剪子巷小区', kind: 'estate', street_unit_id: 31, community_unit_id: 49 })
    w.unmount()
  }, 30000)

  it('trains a model now and shows why the server refused', async () => {
    let tries = 0
    stubApi(
      routes({
        'POST /dispatch/models': () =>
          ++tries === 1
            ? { __status: 422, body: { error: { code: 'not_enough_orders', message: '已办结工单 12 件，少于训练所需的 50 件' } } }
            : { version: 3, trained_orders: 60, held_out_category_top1: 0.85, held_out_unit_top1: 0.5, seconds: 1.2 },
      }),
    )
    const w = await mountPage(DispatchKnowledgeView, { user: admin, units })
    await w.find('[data-test=train]').trigger('click')
    await settle()
    expect(w.find('[data-test=train-error]').text()).toContain('已办结工单 12 件，少于训练所需的 50 件')
    await w.find('[data-test=train]').trigger('click')
    await settle()
    expect(w.find('[data-test=train-error]').exists()).toBe(false)
    expect(w.find('[data-test=train-result]').text()).toContain('v3')
    expect(w.find('[data-test=train-result]').text()).toContain('85.0%')
    w.unmount()
  }, 30000)
})
