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
