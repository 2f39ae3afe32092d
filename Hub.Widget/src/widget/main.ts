import { KefuWidget } from "./KefuWidget";
import { WidgetEvents, type WidgetEventName } from "./WidgetEvents";
import { readOptions } from "./WidgetOptions";

/** `window.KefuHub`, the host page's API (CONTRACT.md "Web widget"). */
interface KefuHubApi {
  open(): void;
  close(): void;
  setProfile(profile: Record<string, unknown>): void;
  on(name: WidgetEventName, fn: (payload?: unknown) => void): () => void;
}

declare global {
  interface Window {
    KefuHub?: KefuHubApi;
  }
}

const script = document.currentScript as HTMLScriptElement | null;

function boot(): void {
  if (window.KefuHub || customElements.get("kefu-widget")) return;
  const options = readOptions(script, navigator.languages ?? [navigator.language]);
  if (!options) {
    console.error("KefuHub: the widget script needs data-tenant.");
    return;
  }
  customElements.define("kefu-widget", class extends HTMLElement {});
  const host = document.createElement("kefu-widget");
  const events = new WidgetEvents();
  let widget: KefuWidget | null = null;
  const pending: ((w: KefuWidget) => void)[] = [];
  const call = (fn: (w: KefuWidget) => void) => (widget ? fn(widget) : pending.push(fn));

  window.KefuHub = Object.freeze({
    open: () => call((w) => w.open()),
    close: () => call((w) => w.close()),
    setProfile: (profile: Record<string, unknown>) => call((w) => w.setProfile(profile)),
    on: (name: WidgetEventName, fn: (payload?: unknown) => void) => events.on(name, fn),
  });

  const mount = () => {
    document.body.appendChild(host);
    widget = new KefuWidget(host, options, events);
    const w = widget;
    // Listeners registered right after the tag (a synchronous script after ours) still get `ready`.
    setTimeout(() => {
      void w.init();
      pending.splice(0).forEach((fn) => fn(w));
    }, 0);
  };
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
}

boot();
