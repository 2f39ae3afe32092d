// The widget's whole style sheet, inside its shadow root. Sizes in px (rem follows the host page's
// root font size); `:host` resets what the page could make the element inherit.
export const STYLES = `
:host{all:initial!important;position:fixed!important;z-index:2147483000!important;inset:auto 0 0 auto!important;display:block!important;width:0!important;height:0!important;overflow:visible!important;visibility:visible!important;opacity:1!important;transform:none!important}
*,*::before,*::after{box-sizing:border-box}
.root{--accent:#2563eb;--on-accent:#fff;--ink:#1f2328;--ink-2:#57606a;--ink-3:#6e7781;--line:#e4e7eb;--bg:#fff;--bg-2:#f5f6f8;--bubble:#f0f2f5;--danger:#c62828;--ok:#1a7f37;--warn:#9a6700;--radius:18px;
font:400 14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:var(--ink);letter-spacing:normal;text-align:left;direction:ltr;-webkit-font-smoothing:antialiased;text-transform:none;font-style:normal}
button,input,textarea{font:inherit;color:inherit;letter-spacing:inherit}
button{cursor:pointer}
[hidden]{display:none!important}
:focus{outline:none}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.vh{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.launcher{position:fixed;right:24px;bottom:24px;width:60px;height:60px;border-radius:50%;border:0;background:var(--accent);color:var(--on-accent);display:flex;align-items:center;justify-content:center;box-shadow:0 6px 20px rgba(15,23,42,.22),0 2px 6px rgba(15,23,42,.14);transition:transform .18s ease,box-shadow .18s ease;padding:0;margin:0}
.launcher:hover{transform:translateY(-2px) scale(1.03);box-shadow:0 10px 28px rgba(15,23,42,.26),0 2px 6px rgba(15,23,42,.14)}
.launcher:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
.launcher svg{width:28px;height:28px}
.badge{position:absolute;top:-2px;right:-2px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#d92d20;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center;box-shadow:0 0 0 2px #fff}
.panel{position:fixed;right:24px;bottom:100px;width:384px;height:min(640px,calc(100vh - 124px));min-height:360px;background:var(--bg);border-radius:16px;box-shadow:0 16px 48px rgba(15,23,42,.22),0 2px 8px rgba(15,23,42,.08);display:flex;flex-direction:column;overflow:hidden;animation:kefu-in .2s ease-out}
@keyframes kefu-in{from{opacity:0;transform:translateY(12px) scale(.98)}to{opacity:1;transform:none}}
@media (prefers-reduced-motion:reduce){.panel,.launcher,.typing i{animation:none!important;transition:none!important}}
.header{display:flex;align-items:center;gap:2px;padding:16px 10px 16px 16px;background:var(--accent);color:var(--on-accent);flex:none}
.logo{width:40px;height:40px;margin-right:10px;border-radius:12px;background:rgba(255,255,255,.18);object-fit:cover;flex:none;display:flex;align-items:center;justify-content:center;overflow:hidden}
.logo img{width:100%;height:100%;object-fit:cover}
.titles{flex:1;min-width:0;margin-right:4px}
.title{margin:0;font-size:16px;font-weight:650;line-height:1.25;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sub{margin:2px 0 0;font-size:12.5px;display:flex;align-items:center;gap:6px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.dot{width:8px;height:8px;border-radius:50%;background:#9ca3af;flex:none;box-shadow:0 0 0 2px rgba(255,255,255,.5)}
.dot[data-state=Online]{background:#22c55e}.dot[data-state=Busy]{background:#f59e0b}.dot[data-state=Leave]{background:#f59e0b}.dot[data-state=Hidden],.dot[data-state=Offline]{background:#9ca3af}
.hbtn{width:34px;height:34px;border-radius:10px;border:0;background:transparent;color:inherit;display:flex;align-items:center;justify-content:center;flex:none;padding:0;opacity:.92}
.hbtn:hover{background:rgba(255,255,255,.16);opacity:1}
.hbtn:focus-visible{outline:2px solid var(--on-accent);outline-offset:-2px}
.conn{flex:none;padding:8px 16px;font-size:12.5px;font-weight:500;background:#fff8e1;color:#6b4e00;border-bottom:1px solid #f3e2b3;display:flex;align-items:center;gap:8px}
.conn[data-state=connected]{display:none}
.conn[data-state=disconnected]{background:#fdecea;color:#8a1c1c;border-color:#f5c6c2}
.conn::before{content:"";width:8px;height:8px;border-radius:50%;background:currentColor;animation:kefu-pulse 1.2s infinite}
@keyframes kefu-pulse{50%{opacity:.3}}
.queue{flex:none;margin:12px 16px 0;padding:12px 14px;border-radius:12px;background:var(--bg-2);border:1px solid var(--line);font-size:13.5px;display:flex;gap:12px;align-items:center}
.queue b{display:block;font-weight:650;color:var(--ink)}
.queue span{color:var(--ink-2);font-size:12.5px}
.qnum{width:40px;height:40px;border-radius:50%;background:var(--accent);color:var(--on-accent);font-weight:700;font-size:17px;display:flex;align-items:center;justify-content:center;flex:none}
.log{flex:1;overflow-y:auto;padding:16px 16px 8px;display:flex;flex-direction:column;gap:4px;scroll-behavior:smooth;overscroll-behavior:contain}
.msg{display:flex;flex-direction:column;max-width:82%;margin-top:6px}
.msg[data-from=visitor]{align-self:flex-end;align-items:flex-end}
.msg[data-from=agent],.msg[data-from=robot]{align-self:flex-start;align-items:flex-start}
.msg[data-from=system]{align-self:center;align-items:center;max-width:92%}
.who{font-size:12px;color:var(--ink-3);margin:0 4px 3px}
.bubble{padding:9px 13px;border-radius:var(--radius);background:var(--bubble);color:var(--ink);white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;font-size:14px;line-height:1.45}
.msg[data-from=agent] .bubble,.msg[data-from=robot] .bubble{border-bottom-left-radius:6px}
.msg[data-from=visitor] .bubble{background:var(--accent);color:var(--on-accent);border-bottom-right-radius:6px}
.msg[data-from=visitor] .bubble a{color:inherit}
.msg[data-from=system] .bubble{background:var(--bg-2);border:1px solid var(--line);color:var(--ink-2);font-size:13px;text-align:center;border-radius:12px}
.bubble a{color:#0b57d0;text-decoration:underline;text-underline-offset:2px}
.bubble.emoji{background:transparent!important;font-size:36px;line-height:1.1;padding:2px 4px}
.bubble.media{padding:4px;background:var(--bubble)!important;color:var(--ink)!important}
.bubble.media img{display:block;max-width:220px;max-height:220px;border-radius:14px;object-fit:cover;background:#e9ecef}
.bubble.media a{display:block;border-radius:14px}
.filecard{display:flex;align-items:center;gap:10px;padding:8px 10px;min-width:200px;color:var(--ink)!important;text-decoration:none!important}
.filecard .ficon{width:36px;height:36px;border-radius:10px;background:#fff;color:var(--accent);display:flex;align-items:center;justify-content:center;flex:none;border:1px solid var(--line)}
.filecard .fname{font-weight:600;font-size:13.5px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:170px;display:block}
.filecard .fsize{font-size:12px;color:var(--ink-3)}
.card{display:flex;gap:10px;padding:10px;background:#fff!important;color:var(--ink)!important;border:1px solid var(--line);min-width:220px;max-width:280px;white-space:normal}
.card img{width:64px;height:64px;border-radius:10px;object-fit:cover;flex:none;background:var(--bg-2)}
.card .ctitle{font-weight:650;font-size:13.5px;margin:0 0 2px}
.card .cdesc{font-size:12.5px;color:var(--ink-2);margin:0}
.card .cprice{font-size:13.5px;font-weight:700;color:#c2410c;margin:4px 0 0}
.card a{font-size:12.5px}
.meta{font-size:11.5px;color:var(--ink-3);margin:3px 6px 0;display:flex;gap:6px;align-items:center}
.msg[data-state=failed] .meta{color:var(--danger)}
.msg[data-state=failed] .bubble{opacity:.75}
.retry{border:0;background:none;color:var(--danger);font-size:11.5px;padding:0;text-decoration:underline}
.progress{height:3px;border-radius:2px;background:rgba(0,0,0,.1);overflow:hidden;margin:6px 4px 2px}
.progress i{display:block;height:100%;background:var(--accent);transition:width .15s}
.notice{align-self:center;font-size:12px;color:var(--ink-3);margin:10px 0 4px;display:flex;align-items:center;gap:8px;text-align:center}
.notice::before,.notice::after{content:"";height:1px;width:28px;background:var(--line)}
.typing{flex:none;padding:2px 20px 6px;font-size:12.5px;color:var(--ink-2);display:flex;align-items:center;gap:8px}
.typing .dots{display:inline-flex;gap:3px;padding:7px 10px;background:var(--bubble);border-radius:12px}
.typing i{width:6px;height:6px;border-radius:50%;background:#8b949e;animation:kefu-blink 1.2s infinite}
.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}
@keyframes kefu-blink{0%,80%,100%{opacity:.3;transform:translateY(0)}40%{opacity:1;transform:translateY(-2px)}}
.composer{flex:none;display:flex;align-items:flex-end;gap:6px;padding:10px 10px 12px;border-top:1px solid var(--line);background:var(--bg)}
.composer.drag{background:#eef4ff;box-shadow:inset 0 0 0 2px var(--accent)}
.ibtn{width:40px;height:40px;border-radius:12px;border:0;background:transparent;color:var(--ink-2);display:flex;align-items:center;justify-content:center;flex:none;padding:0;position:relative}
.ibtn:hover{background:var(--bg-2);color:var(--ink)}
.ibtn:focus-within{outline:2px solid var(--accent);outline-offset:-2px}
.ibtn input{position:absolute;inset:0;opacity:0;cursor:pointer;width:100%;height:100%}
.input{flex:1;min-height:40px;max-height:120px;resize:none;border:1px solid var(--line);border-radius:20px;padding:9px 14px;background:var(--bg-2);line-height:20px;font-size:14px;overflow-y:auto}
.input:focus{border-color:var(--accent);background:#fff;box-shadow:0 0 0 3px color-mix(in srgb,var(--accent) 18%,transparent)}
.input::placeholder{color:#6e7781}
.sendbtn{width:40px;height:40px;border-radius:50%;border:0;background:var(--accent);color:var(--on-accent);display:flex;align-items:center;justify-content:center;flex:none;padding:0}
.sendbtn:disabled{background:#d0d7de;color:#fff;cursor:default}
.error{flex:none;margin:0 12px 8px;padding:8px 12px;border-radius:10px;background:#fdecea;color:#8a1c1c;font-size:12.5px}
.rating{margin:10px 0;padding:16px;border-radius:14px;border:1px solid var(--line);background:#fff;box-shadow:0 2px 8px rgba(15,23,42,.06);align-self:stretch;text-align:center}
.rating h3{margin:0 0 10px;font-size:14.5px;font-weight:650}
.stars{display:flex;justify-content:center;gap:6px;margin-bottom:12px}
.star{width:40px;height:40px;border:0;border-radius:10px;background:transparent;color:#d0d7de;padding:0;display:flex;align-items:center;justify-content:center}
.star svg{width:30px;height:30px}
.star[aria-checked=true]{color:#f5a623}
.star:hover{background:var(--bg-2)}
.rating textarea,.leave input,.leave textarea{width:100%;border:1px solid #c9d1d9;border-radius:10px;padding:9px 12px;font-size:14px;font-weight:400;background:#fff;resize:vertical}
.rating textarea:focus,.leave input:focus,.leave textarea:focus{border-color:var(--accent);box-shadow:0 0 0 3px color-mix(in srgb,var(--accent) 18%,transparent)}
.primary{display:inline-flex;align-items:center;justify-content:center;width:100%;height:42px;margin-top:12px;border:0;border-radius:12px;background:var(--accent);color:var(--on-accent);font-weight:650;font-size:14px}
.primary:disabled{opacity:.55;cursor:default}
.secondary{display:inline-flex;align-items:center;justify-content:center;height:36px;padding:0 14px;border:1px solid var(--line);border-radius:10px;background:#fff;color:var(--ink);font-weight:600;font-size:13px;align-self:center;margin:8px 0}
.secondary:hover{background:var(--bg-2)}
.thanks{color:var(--ok);font-weight:600;margin:0}
.leave{flex:1;overflow-y:auto;padding:18px 18px 20px;display:flex;flex-direction:column;gap:12px}
.leave p.intro{margin:0;color:var(--ink-2);font-size:13.5px;padding:12px 14px;background:var(--bg-2);border-radius:12px;white-space:pre-wrap}
.leave label{display:flex;flex-direction:column;gap:5px;font-size:13px;font-weight:600;color:var(--ink)}
.leave .row{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.counter{align-self:flex-end;font-size:12px;font-weight:500;color:var(--ink-3)}
.counter[data-over]{color:var(--danger)}
.ferr{color:var(--danger);font-size:12.5px;margin:0}
.done{margin:auto 0;text-align:center;padding:24px 8px}
.done .big{width:56px;height:56px;margin:0 auto 12px;border-radius:50%;background:#e8f5ec;color:var(--ok);display:flex;align-items:center;justify-content:center;font-size:28px;font-weight:700}
.done p{margin:0;color:var(--ink);font-size:14.5px}
.foot{flex:none;text-align:center;font-size:11px;color:var(--ink-3);padding:0 0 8px;background:var(--bg)}
@media (max-width:479.98px){
.panel{inset:0;width:100%;height:100%;min-height:0;border-radius:0;right:0;bottom:0;animation:none}
.launcher{right:16px;bottom:16px}
.root[data-open] .launcher{display:none}
.msg{max-width:86%}
}
`;
