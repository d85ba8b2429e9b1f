// The browser package: `await init()` first, then the same API.
import init, { Engine, PlauditError, type Eligibility } from '../../pkg/web/plaudit_wasm.js';

export async function main(): Promise<boolean> {
  await init();
  const engine = new Engine();
  try {
    const e: Eligibility = engine.eligibility({ id: 'a', customer_since: '2020-01-01', health_score: 90 }, '2026-03-01');
    return e.eligible;
  } catch (err) {
    if (err instanceof PlauditError) return err.errors.length === 0;
    throw err;
  }
}
