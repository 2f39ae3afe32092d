import { h } from "../../shared/dom";
import { format } from "../../shared/i18n";
import {
  button, card, confirmAction, errorText, field, input, load, nextId, pageHeader, withProgress, type PageContext, type PageHandle,
} from "../ui";

interface Worktime {
  weekday: number;
  start: string;
  end: string;
}

interface Holiday {
  date: string;
  note: string | null;
}

interface Plan {
  timeZone: string;
  worktimes: Worktime[];
  holidays: Holiday[];
}

interface Preview {
  open: boolean;
  localTime: string;
  holiday: string | null;
  nextChange: string | null;
  nextChangeLocalTime: string | null;
}

/** Monday first, as Chinese and ISO calendars do. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

const toMinutes = (hhmm: string) => {
  const [hh, mm] = hhmm.split(":").map(Number);
  return hh * 60 + mm;
};

/** Weekly windows (several a day, across midnight), holidays, and a preview of "open now?" from the server. */
export function timePlanPage(ctx: PageContext): PageHandle {
  const { t, api, lang } = ctx;
  const body = h("div");
  const el = h("div", { class: "page", "data-kefu": "timeplan" }, pageHeader(t.timePlan, t.timePlanIntro), body);
  let saved: Plan | null = null;
  let draft: Plan | null = null;
  let previewTimer: number | undefined;
  let clockTimer: number | undefined;
  const weekdayName = (weekday: number) => new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 7 + weekday)));
  const clone = (p: Plan): Plan => JSON.parse(JSON.stringify(p));

  const start = () =>
    load(ctx, body, async () => {
      const plan = (await api.get("/timeplan")).entity as Plan | null;
      saved = plan ? { ...plan, holidays: plan.holidays.map((x) => ({ date: x.date, note: x.note ?? "" })) } : null;
      draft = saved ? clone(saved) : null;
      return render();
    });

  const render = (): Node => {
    window.clearInterval(clockTimer);
    if (!draft) {
      const begin = button(t.createTimePlan, {
        kind: "primary",
        icon: "clock",
        onClick: () => {
          draft = {
            timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
            worktimes: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "18:00" })),
            holidays: [],
          };
          body.replaceChildren(render());
        },
      });
      return h("div", { class: "status-card status-open", "data-kefu": "open-now", "data-open": "true" }, h("p", { class: "status-big" }, t.alwaysOpen), h("p", { class: "status-line" }, t.alwaysOpenText), h("div", {}, begin));
    }
    const plan = draft;

    // Status: the server's answer for this draft, now or at a chosen time.
    const statusBig = h("p", { class: "status-big" }, t.loading);
    const statusNext = h("p", { class: "status-line" });
    const statusLocal = h("p", { class: "status-line muted" });
    const statusError = h("p", { class: "status-error", role: "alert", hidden: true });
    const status = h("div", { class: "status-card", "data-kefu": "open-now", "aria-live": "polite" }, statusBig, statusNext, statusLocal, statusError);
    const at = input({ type: "datetime-local", "aria-label": t.previewAt });
    const nowButton = button(t.previewNow, { onClick: () => ((at.value = ""), schedulePreview(0)) });
    at.addEventListener("change", () => schedulePreview(0));
    const runPreview = async () => {
      try {
        const p = (await api.post("/timeplan/preview", { ...plan, at: at.value ? new Date(at.value).toISOString() : undefined })).entity as Preview;
        status.className = `status-card ${p.open ? "status-open" : "status-closed"}`;
        status.dataset.open = String(p.open);
        statusBig.textContent = p.open ? t.openNow : t.closedNow;
        statusNext.textContent = p.nextChangeLocalTime ? format(p.open ? t.closesAt : t.opensAt, { time: p.nextChangeLocalTime }) : t.noChangeSoon;
        statusLocal.textContent = format(t.localTime, { zone: plan.timeZone, time: p.localTime }) + (p.holiday !== null ? ` · ${format(t.holidayToday, { note: p.holiday })}` : "");
        statusError.hidden = true;
      } catch (failure) {
        status.className = "status-card status-invalid";
        delete status.dataset.open;
        statusBig.textContent = "?";
        statusNext.textContent = "";
        statusLocal.textContent = "";
        statusError.textContent = errorText(t, failure);
        statusError.hidden = false;
      }
    };
    const schedulePreview = (delay = 350) => {
      window.clearTimeout(previewTimer);
      previewTimer = window.setTimeout(() => void runPreview(), delay);
    };
    clockTimer = window.setInterval(() => !at.value && !document.hidden && void runPreview(), 30_000);

    // Save bar.
    const dirty = h("span", { class: "dirty", hidden: true }, t.unsaved);
    const save = button(t.save, { kind: "primary", attrs: { "data-kefu": "timeplan-save" } });
    const revert = button(t.reset, { kind: "ghost", onClick: () => ((draft = saved ? clone(saved) : null), body.replaceChildren(render())) });
    const changed = () => {
      dirty.hidden = JSON.stringify(plan) === JSON.stringify(saved);
      schedulePreview();
    };
    save.addEventListener("click", () =>
      void withProgress(save, t.saving, async () => {
        try {
          const stored = (await api.put("/timeplan", plan)).entity as Plan;
          saved = { ...stored, holidays: stored.holidays.map((x) => ({ date: x.date, note: x.note ?? "" })) };
          dirty.hidden = true;
          ctx.toast(t.timePlanSaved);
        } catch (failure) {
          ctx.toast(errorText(t, failure), "error");
        }
      }),
    );
    const remove = button(t.removeTimePlan, {
      kind: "danger-ghost",
      icon: "delete",
      onClick: () =>
        saved
          ? confirmAction(t, `${t.removeTimePlan}?`, t.removeTimePlanText, t.removeTimePlan, t.deleting, async () => {
              await api.delete("/timeplan");
              saved = null;
              draft = null;
              ctx.toast(t.timePlanRemoved);
              body.replaceChildren(render());
            })
          : ((draft = null), body.replaceChildren(render())),
    });

    // Time zone.
    const zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
    const listId = nextId("zones");
    const zone = input({ value: plan.timeZone, list: listId, autocomplete: "off", spellcheck: "false", name: "timeZone" });
    zone.addEventListener("change", () => ((plan.timeZone = zone.value.trim()), changed()));

    // Weekly windows, with a 24-hour strip per day.
    const timelines = new Map<number, HTMLElement>();
    const drawTimelines = () => {
      for (const weekday of WEEK) {
        const strip = timelines.get(weekday)!;
        strip.replaceChildren();
        const previous = (weekday + 6) % 7;
        const segments: [number, number, boolean][] = [];
        for (const w of plan.worktimes) {
          if (!/^\d\d:\d\d$/.test(w.start) || !/^\d\d:\d\d$/.test(w.end)) continue;
          const s = toMinutes(w.start);
          const e = toMinutes(w.end);
          if (w.weekday === weekday) segments.push([s, e > s ? e : 1440, false]);
          if (w.weekday === previous && e <= s && e > 0) segments.push([0, e, true]);
        }
        for (const [from, to, spill] of segments) {
          const seg = h("span", { class: `seg${spill ? " seg-spill" : ""}` });
          seg.style.left = `${(from / 1440) * 100}%`;
          seg.style.width = `${((to - from) / 1440) * 100}%`;
          strip.append(seg);
        }
      }
    };
    const dayRows = new Map<number, HTMLElement>();
    const renderDay = (weekday: number, focusLast = false) => {
      const windows = plan.worktimes.filter((w) => w.weekday === weekday);
      const list = h("div", { class: "windows" });
      if (windows.length === 0) list.append(h("span", { class: "muted closed-day" }, t.closedDay));
      for (const w of windows) {
        const from = input({ type: "time", value: w.start, "aria-label": `${weekdayName(weekday)} ${t.from}`, class: "input input-time" });
        const to = input({ type: "time", value: w.end, "aria-label": `${weekdayName(weekday)} ${t.to}`, class: "input input-time" });
        const nextDay = h("span", { class: "pill pill-violet", hidden: !(w.end && w.start && toMinutes(w.end) <= toMinutes(w.start)) }, t.untilNextDay);
        const update = () => {
          w.start = from.value;
          w.end = to.value;
          nextDay.hidden = !(w.end && w.start && toMinutes(w.end) <= toMinutes(w.start));
          drawTimelines();
          changed();
        };
        from.addEventListener("change", update);
        to.addEventListener("change", update);
        const removeWindow = button(`${t.removeWindow} (${weekdayName(weekday)} ${w.start}–${w.end})`, {
          iconOnly: true,
          icon: "close",
          kind: "ghost",
          small: true,
          onClick: () => {
            plan.worktimes.splice(plan.worktimes.indexOf(w), 1);
            renderDay(weekday);
            dayRows.get(weekday)!.querySelector<HTMLElement>(".add-window")?.focus();
            drawTimelines();
            changed();
          },
        });
        list.append(h("div", { class: "window" }, from, h("span", { "aria-hidden": "true" }, "–"), to, nextDay, removeWindow));
      }
      const add = button(t.addWindow, {
        small: true,
        icon: "add",
        kind: "ghost",
        onClick: () => {
          const last = windows[windows.length - 1];
          plan.worktimes.push(last ? { weekday, start: last.end, end: last.end < "22:00" ? "22:00" : "23:59" } : { weekday, start: "09:00", end: "18:00" });
          renderDay(weekday, true);
          drawTimelines();
          changed();
        },
      });
      add.classList.add("add-window");
      const row = dayRows.get(weekday)!;
      row.querySelector(".day-body")!.replaceChildren(list, add);
      if (focusLast) row.querySelectorAll<HTMLInputElement>("input[type=time]")[row.querySelectorAll("input[type=time]").length - 2]?.focus();
    };
    const week = h("div", { class: "week", role: "group", "aria-label": t.weeklyHours });
    const hours = h("div", { class: "timeline-hours", "aria-hidden": "true" }, ...[0, 6, 12, 18, 24].map((x) => h("span", {}, `${x}:00`)));
    for (const weekday of WEEK) {
      const strip = h("div", { class: "timeline", "aria-hidden": "true" });
      timelines.set(weekday, strip);
      const row = h("div", { class: "day", "data-weekday": weekday }, h("div", { class: "day-name" }, weekdayName(weekday)), h("div", { class: "day-body" }), strip);
      dayRows.set(weekday, row);
      week.append(row);
      renderDay(weekday);
    }
    drawTimelines();
    const copy = button(t.copyToWeekdays, {
      small: true,
      kind: "ghost",
      onClick: () => {
        const monday = plan.worktimes.filter((w) => w.weekday === 1);
        plan.worktimes = plan.worktimes.filter((w) => w.weekday < 2 || w.weekday > 5);
        for (const weekday of [2, 3, 4, 5]) plan.worktimes.push(...monday.map((w) => ({ ...w, weekday })));
        WEEK.forEach((d) => renderDay(d));
        drawTimelines();
        changed();
      },
    });

    // Holidays.
    const holidayList = h("div", { class: "holidays" });
    const renderHolidays = (focusLast = false) => {
      holidayList.replaceChildren();
      if (plan.holidays.length === 0) holidayList.append(h("p", { class: "muted" }, t.noHolidays));
      plan.holidays.forEach((holiday, i) => {
        const date = input({ type: "date", value: holiday.date, "aria-label": `${t.date} ${i + 1}`, class: "input input-date" });
        const note = input({ value: holiday.note ?? "", maxlength: 200, "aria-label": `${t.note} ${i + 1}`, placeholder: t.note });
        date.addEventListener("change", () => ((holiday.date = date.value), changed()));
        note.addEventListener("change", () => ((holiday.note = note.value), changed()));
        const del = button(`${t.removeHoliday} ${holiday.date}`, {
          iconOnly: true,
          icon: "close",
          kind: "ghost",
          small: true,
          onClick: () => {
            plan.holidays.splice(i, 1);
            renderHolidays();
            addHoliday.focus();
            changed();
          },
        });
        holidayList.append(h("div", { class: "holiday" }, date, note, del));
      });
      if (focusLast) holidayList.querySelectorAll<HTMLInputElement>("input[type=date]")[plan.holidays.length - 1]?.focus();
    };
    const addHoliday = button(t.addHoliday, {
      small: true,
      icon: "add",
      kind: "ghost",
      onClick: () => {
        const last = plan.holidays[plan.holidays.length - 1]?.date;
        const next = last ? new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000) : new Date();
        plan.holidays.push({ date: next.toISOString().slice(0, 10), note: "" });
        renderHolidays(true);
        changed();
      },
    });
    renderHolidays();

    schedulePreview(0);
    return h(
      "div",
      { class: "stack" },
      h("div", { class: "grid-status" }, status, h("div", { class: "card preview-at" }, field(t.previewAt, at), nowButton)),
      card(null, field(t.timeZone, zone), h("datalist", { id: listId }, ...zones.map((z) => h("option", { value: z })))),
      card(
        t.weeklyHours,
        h("p", { class: "muted small" }, t.weeklyHoursHint),
        h("div", { class: "week-head" }, h("span"), h("span"), hours),
        week,
        h("div", { class: "card-foot" }, copy),
      ),
      card(t.holidays, h("p", { class: "muted small" }, t.holidaysHint), holidayList, h("div", { class: "card-foot" }, addHoliday)),
      h("div", { class: "savebar" }, remove, h("span", { class: "spacer" }), dirty, revert, save),
    );
  };

  void start();
  return {
    el,
    dispose: () => {
      window.clearTimeout(previewTimer);
      window.clearInterval(clockTimer);
    },
  };
}
