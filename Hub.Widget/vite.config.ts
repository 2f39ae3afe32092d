import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// One self-contained classic script per entry (an embed tag cannot load modules or chunks), written
// into Hub.Server's static files. The widget keeps its styles in its shadow root; the hub's own pages
// (the agent workspace, the admin console) import a .css file, written next to the script, so that
// the page works under a strict Content-Security-Policy (no inline style). KEFU_ENTRY, or
// `--mode <entry>`, picks the entry; the default is the widget.
const entries: Record<string, { input: string; name: string }> = {
  widget: { input: "src/widget/main.ts", name: "KefuHubWidget" },
  workspace: { input: "src/workspace/main.ts", name: "KefuHubWorkspace" },
  admin: { input: "src/admin/main.ts", name: "KefuHubConsole" },
};

export default defineConfig(({ mode }) => {
  const name = process.env.KEFU_ENTRY ?? (mode in entries ? mode : "widget");
  const entry = entries[name];
  return {
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
        fileName: () => `${name}.js`,
        cssFileName: name,
      },
    },
    test: {
      environment: "happy-dom",
      include: ["test/**/*.test.ts"],
    },
  };
});
