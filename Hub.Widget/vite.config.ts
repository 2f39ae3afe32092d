import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// One self-contained classic script per entry (an embed tag cannot load modules or chunks), written
// into Hub.Server's static files. A later entry (the agent workspace) builds the same way from
// src/workspace and reuses src/shared. KEFU_ENTRY picks the entry; the default is the widget. An entry
// that imports CSS (the console, served by the hub under its own CSP) gets it as `<entry>.css`.
const entries: Record<string, { input: string; name: string }> = {
  widget: { input: "src/widget/main.ts", name: "KefuHubWidget" },
  admin: { input: "src/admin/main.ts", name: "KefuHubConsole" },
};
const entry = entries[process.env.KEFU_ENTRY ?? "widget"];

export default defineConfig({
  build: {
    outDir: resolve(import.meta.dirname, "../Hub.Server/wwwroot"),
    emptyOutDir: false,
    target: "es2020",
    sourcemap: false,
    minify: true,
    lib: {
      entry: resolve(import.meta.dirname, entry.input),
      name: entry.name,
      formats: ["iife"],
      fileName: () => `${process.env.KEFU_ENTRY ?? "widget"}.js`,
      cssFileName: process.env.KEFU_ENTRY ?? "widget",
    },
  },
  test: {
    environment: "happy-dom",
    include: ["test/**/*.test.ts"],
  },
});
