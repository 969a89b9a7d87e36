import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage, settle, stubApi } from '@/testing.js'
import IntakeView from './IntakeView.vue'
import KnowledgePanel from '@/components/KnowledgePanel.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const agent = { id: 2, username: 'agent1', role: 'agent', unit_id: 1 }

describe('受理登记 with the knowledge panel', () => {
  it('puts an inserted standard answer into the direct-answer draft', async () => {
    stubApi({
      'GET /knowledge': {
        items: [{ id: 3, kind: 'standard_answer', kind_name: '标准答复', title: '停车', title_html: '<mark>停车</mark>', snippet: '', body: '小区内停车由物业协调。' }],
        total: 1,
      },
    })
    const w = await mountPage(IntakeView, { user: agent })
    const panel = w.findComponent(KnowledgePanel)
    expect(panel.exists()).toBe(true)
    panel.vm.query = '停车'
    await panel.vm.search()
    await settle()
    await w.find('[data-test=knowledge-insert]').trigger('click')
    await settle()
    expect(w.find('textarea[data-test=answer-draft]').element.value).toBe('小区内停车由物业协调。')
    // A second answer joins the first on a new line.
    await w.find('[data-test=knowledge-insert]').trigger('click')
    await settle()
    expect(w.find('textarea[data-test=answer-draft]').element.value).toBe('小区内停车由物业协调。\n小区内停车由物业协调。')
    w.unmount()
  }, 30000)
})

describe('受理登记 with suggested categories', () => {
  const categories = [{ id: 4, name: '城乡建设', children: [{ id: 41, name: '建筑施工噪音', children: [] }, { id: 42, name: '道路破损', children: [] }] }]
  const suggestion = {
    model_version: null,
    categories: [
      { category_id: 41, name: '建筑施工噪音', confidence: 0.62, reasons: ['类别名称出现在文本中'] },
      { category_id: 42, name: '道路破损', confidence: 0.1, reasons: [] },
      { category_id: 4, name: '城乡建设', confidence: 0.05, reasons: ['权责清单：“工地”属于此类'] },
    ],
    units: [],
    place: null,
  }

  it('offers the likeliest categories once the content is long enough, and a click sets 诉求分类', async () => {
    const { calls } = stubApi({ 'POST /intake/similar': { items: [], warnings: [] }, 'POST /dispatch/suggest': suggestion })
    const w = await mountPage(IntakeView, { user: agent })
    const reference = (await import('@/stores/reference.js')).useReferenceStore()
    reference.categories = categories
    await w.find('textarea[name=content]').setValue('工地')
    await new Promise((r) => setTimeout(r, 500))
    await settle()
    expect(calls.some((c) => c.path === '/dispatch/suggest')).toBe(false)
    await w.find('textarea[name=content]').setValue('工地夜间施工噪音很大')
    await new Promise((r) => setTimeout(r, 500))
    await settle()
    const asked = calls.filter((c) => c.path === '/dispatch/suggest')
    expect(asked).toHaveLength(1)
    expect(asked[0].body).toEqual({ content: '工地夜间施工噪音很大' })
    // The parent category cannot be chosen in the cascader, so it is not offered.
    const tags = w.findAll('[data-test=suggested-category]')
    expect(tags.map((t) => t.text())).toEqual(['建筑施工噪音 62%', '道路破损 10%'])
    await tags[0].trigger('click')
    await settle()
    expect(w.vm.$.setupState.form.category_id).toBe(41)
    w.unmount()
  }, 30000)

  it('shows a muted note when suggestions are unavailable', async () => {
    stubApi({
      'POST /intake/similar': { items: [], warnings: [] },
      'POST /dispatch/suggest': { __status: 503, body: { error: { code: 'dispatch_unavailable', message: '派单建议服务未启用' } } },
    })
    const w = await mountPage(IntakeView, { user: agent })
    await w.find('textarea[name=content]').setValue('工地夜间施工噪音很大')
    await new Promise((r) => setTimeout(r, 500))
    await settle()
    expect(w.find('[data-test=category-suggestions]').text()).toContain('派单建议服务未启用')
    expect(w.findAll('[data-test=suggested-category]')).toHaveLength(0)
    w.unmount()
  }, 30000)
})
