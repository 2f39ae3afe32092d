export type WidgetEventName = "ready" | "open" | "close" | "message" | "unread";

/** The host page's listeners (`KefuHub.on`); a throwing listener never breaks the widget. */
export class WidgetEvents {
  private readonly listeners = new Map<string, Set<(payload?: unknown) => void>>();

  on(name: WidgetEventName, fn: (payload?: unknown) => void): () => void {
    if (typeof fn !== "function") return () => {};
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(fn);
    return () => set!.delete(fn);
  }

  emit(name: WidgetEventName, payload?: unknown): void {
    for (const fn of this.listeners.get(name) ?? []) {
      try {
        fn(payload);
      } catch (error) {
        console.error("KefuHub listener failed", error);
      }
    }
  }
}
