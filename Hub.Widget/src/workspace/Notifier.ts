import { playChime } from "../shared/chime";
import { newId } from "../shared/ids";
import type { LocalStore } from "./LocalStore";

/**
 * Sound and desktop notifications for new sessions and messages, both off until the agent turns them
 * on. With several tabs open, only one speaks: the focused one, else the one used last.
 */
export class Notifier {
  private readonly tabId = newId();

  constructor(private readonly store: LocalStore) {
    const claim = () => {
      if (document.visibilityState === "visible") this.store.setPref("leader", this.tabId);
    };
    claim();
    document.addEventListener("visibilitychange", claim);
    window.addEventListener("focus", claim);
  }

  get soundOn(): boolean {
    return this.store.pref("sound") === "on";
  }

  set soundOn(on: boolean) {
    this.store.setPref("sound", on ? "on" : null);
  }

  get desktopOn(): boolean {
    return this.store.pref("desktop") === "on" && this.permission === "granted";
  }

  get permission(): NotificationPermission | "unsupported" {
    return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
  }

  /** Turns desktop notifications on (asking the browser first) or off; false when the browser refuses. */
  async setDesktop(on: boolean): Promise<boolean> {
    if (!on) {
      this.store.setPref("desktop", null);
      return true;
    }
    if (this.permission === "unsupported") return false;
    const permission = this.permission === "default" ? await Notification.requestPermission() : this.permission;
    if (permission !== "granted") return false;
    this.store.setPref("desktop", "on");
    return true;
  }

  /**
   * @param tag One notification per tag (a session): a newer one replaces it.
   * @param quiet The agent is looking at it already: no sound, no notification.
   */
  notify(title: string, body: string, tag: string, quiet: boolean, onClick: () => void): void {
    if (quiet || !this.speaks()) return;
    if (this.soundOn) playChime();
    if (!this.desktopOn || (document.visibilityState === "visible" && document.hasFocus())) return;
    try {
      const notification = new Notification(title, { body: body.slice(0, 200), tag, lang: document.documentElement.lang });
      notification.onclick = () => {
        window.focus();
        onClick();
        notification.close();
      };
    } catch {
      // Some browsers allow notifications only from a service worker: the sound and title still work.
    }
  }

  private speaks(): boolean {
    if (document.visibilityState === "visible" && document.hasFocus()) return true;
    return this.store.pref("leader") === this.tabId;
  }
}
