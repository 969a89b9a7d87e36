import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage, settle, stubApi } from '@/testing.js'
import KnowledgePanel from './KnowledgePanel.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const answer = {
  id: 3,
  kind: 'standard_answer',
  kind_name: '标准答复',
  title: '夜间施工噪音扰民的答复口径',
  title_html: '夜间施工<mark>噪音</mark>扰民的答复口径',
  snippet: '您好，您反映的夜间施工<mark>噪音</mark>问题已记录…',
  body: '您好，您反映的夜间施工噪音问题已记录。',
  tags: ['噪音'],
}

describe('知识库 panel at intake', () => {
  it('searches a two-character word and shows the marked matches', async () => {
    const { calls } = stubApi({ 'GET /knowledge': { items: [answer], total: 1, page: 1, page_size: 10 } })
    const w = await mountPage(KnowledgePanel, { user: { id: 2, username: 'agent1', role: 'agent', unit_id: 1 }, props: { delay: 0 } })
    await w.find('input[data-test=knowledge-q]').setValue('噪音')
    await w.find('input[data-test=knowledge-q]').trigger('keydown', { key: 'Enter' })
    await settle()
    expect(decodeURIComponent(calls[0].path)).toContain('q=噪音')
    const item = w.find('[data-test=knowledge-item]')
    expect(item.text()).toContain('标准答复')
    expect(item.find('mark').text()).toBe('噪音')
    w.unmount()
  }, 30000)

  it('inserts the whole answer, not the snippet', async () => {
    stubApi({ 'GET /knowledge': { items: [answer], total: 1 } })
    const w = await mountPage(KnowledgePanel, { props: { delay: 0 } })
    w.vm.query = '噪音'
    await w.vm.search()
    await settle()
    await w.find('[data-test=knowledge-insert]').trigger('click')
    expect(w.emitted('insert')[0]).toEqual([answer.body])
    w.unmount()
  }, 30000)

  it('says when nothing is found and shows server errors', async () => {
    stubApi({ 'GET /knowledge': { items: [], total: 0 } })
    const w = await mountPage(KnowledgePanel, { props: { delay: 0 } })
    w.vm.query = '没有'
    await w.vm.search()
    await settle()
    expect(w.text()).toContain('没有找到相关条目')
    w.unmount()
    stubApi({ 'GET /knowledge': { __status: 400, body: { error: { code: 'too_long', message: '搜索词过长', field: 'q' } } } })
    const again = await mountPage(KnowledgePanel, { props: { delay: 0 } })
    again.vm.query = '很长'
    await again.vm.search()
    await settle()
    expect(again.find('[data-test=knowledge-error]').text()).toContain('搜索词过长')
    again.unmount()
  }, 30000)
})
