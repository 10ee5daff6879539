import { useLayoutEffect } from 'react';

/**
 * Fills a dialog's fields when it opens, or opens on another record. A layout effect runs before
 * the browser paints the dialog; a plain one runs after, and would overwrite whatever was picked or
 * typed in that first frame (a quick hand does it, and so does a browser test).
 */
export const useDialogOpening = (prepare: () => void, deps: readonly unknown[]) => useLayoutEffect(prepare, deps);
