import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage, rowTexts, settle, stubApi } from '@/testing.js'
import KnowledgeView from './KnowledgeView.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const article = {
  id: 5,
  kind: 'standard_answer',
  kind_name: '标准答复',
  title: '餐饮油烟扰民的答复口径',
  title_html: '餐饮<mark>油烟</mark>扰民的答复口径',
  snippet: '餐饮单位应安装<mark>油烟</mark>净化设施…',
  body: '餐饮单位应安装油烟净化设施。',
  unit_name: '区生态环境局',
  unit_id: 8,
  category_id: null,
  tags: ['油烟'],
  enabled: true,
  version: 2,
  updated_at: '2026-11-26T10:00:00+08:00',
}
const list = { items: [article], total: 1, page: 1, page_size: 20 }
const agent = { id: 2, username: 'agent1', role: 'agent', unit_id: 1 }
const admin = { id: 1, username: 'admin', role: 'admin', unit_id: 1 }

describe('知识库 page', () => {
  it('lists the newest articles and searches with highlights', async () => {
    const { calls } = stubApi({ 'GET /knowledge': list })
    const w = await mountPage(KnowledgeView, { user: agent })
    expect(calls[0].path).not.toContain('q=')
    expect(rowTexts(w, '[data-test=articles]')[0]).toContain('区生态环境局')
    await w.find('input[data-test=q]').setValue('油烟')
    await w.find('[data-test=search]').trigger('click')
    await settle()
    expect(decodeURIComponent(calls.at(-1).path)).toContain('q=油烟')
    expect(w.find('[data-test=articles] mark').text()).toBe('油烟')
    // Readers get no editing controls.
    expect(w.find('[data-test=create]').exists()).toBe(false)
    w.unmount()
  }, 30000)

  it('lets an administrator edit with the version read', async () => {
    let patched = null
    const { calls } = stubApi({
      'GET /knowledge': list,
      'PATCH /knowledge/5': (path, init) => {
        patched = JSON.parse(init.body)
        return patched.title ? { ...article, ...patched, version: 3 } : { __status: 400, body: { error: { code: 'invalid_field', message: '请填写标题', field: 'title' } } }
      },
    })
    const w = await mountPage(KnowledgeView, { user: admin })
    expect(w.find('[data-test=create]').exists()).toBe(true)
    w.vm.$.setupState.startEdit(article)
    await settle()
    const title = document.querySelector('input[name=title]')
    title.value = '餐饮油烟的答复'
    title.dispatchEvent(new Event('input'))
    await settle()
    document.querySelector('button[data-test=save]').click()
    await settle()
    expect(patched.version).toBe(2)
    expect(patched.title).toBe('餐饮油烟的答复')
    expect(calls.some((c) => c.method === 'PATCH')).toBe(true)
    w.unmount()
  }, 30000)

  it('checks the title before asking the server', async () => {
    const { calls } = stubApi({ 'GET /knowledge': list })
    const w = await mountPage(KnowledgeView, { user: admin })
    w.vm.$.setupState.startEdit(null)
    await settle()
    document.querySelector('button[data-test=save]').click()
    await settle()
    expect(w.vm.$.setupState.errors.title).toBe('请填写标题')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)
    w.unmount()
  }, 30000)
})
