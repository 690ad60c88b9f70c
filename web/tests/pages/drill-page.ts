/** The drill-down view: breadcrumbs, the level's table, the group-by picker. */
import { BasePage } from './base-page.ts';

export class DrillPage extends BasePage {
  async waitReady(): Promise<void> {
    await this.page.locator('[data-testid="drill"][data-ready="true"]').waitFor();
  }

  crumbs(): Promise<string[]> {
    return this.page.locator('.crumbs li').allTextContents();
  }

  level(): Promise<string | null> {
    return this.page.getByTestId('drill').getAttribute('data-level');
  }

  rows(): Promise<number> {
    return this.page.locator('[data-testid="drill"] tbody tr').count();
  }

  async openRow(index: number): Promise<string> {
    const row = this.page.locator('[data-testid="drill"] tbody tr').nth(index);
    const label = (await row.getAttribute('aria-label')) ?? '';
    await row.click();
    return label;
  }
}
