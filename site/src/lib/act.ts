import { toast } from '../components/toast.tsx';

/**
 * A one-click action (delete, make default): a toast saying it is done, or one with the reason it
 * failed. Resolves to whether it worked, so the caller reloads only then.
 */
export async function act(run: () => Promise<unknown>, says: { done: string; failed: string }): Promise<boolean> {
  try {
    await run();
    toast(says.done, { tone: 'success' });
    return true;
  } catch (error) {
    toast(says.failed, { body: error instanceof Error ? error.message : undefined, tone: 'danger' });
    return false;
  }
}
