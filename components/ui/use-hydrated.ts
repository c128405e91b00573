import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False while server-rendered HTML is on screen, true once React has hydrated this component.
 * Forms mark themselves with it (`data-hydrated`): input typed before hydration is replaced by
 * the component's state when it hydrates, so tests (and scripts) wait for the mark.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
