/**
 * Styles inside the widget's shadow root: the host page's CSS can't reach them, and the host
 * element resets everything it could inherit (font, color, line-height) with `all: initial`.
 */
export const HOST_STYLE = 'all:initial!important;display:block!important;position:static!important';

export const SHADOW_CSS = `
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483647;width:56px;height:56px;margin:0;padding:0;
border:0;border-radius:50%;background:#4338ca;color:#fff;cursor:pointer;display:flex;align-items:center;
justify-content:center;box-shadow:0 6px 20px rgba(30,27,75,.28),0 2px 6px rgba(30,27,75,.2);
transition:transform .15s ease,background-color .15s ease}
.launcher:hover{background:#3730a3;transform:scale(1.05)}
.launcher:focus-visible{outline:3px solid #a5b4fc;outline-offset:3px}
.launcher svg{width:26px;height:26px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.launcher .x,.launcher[aria-expanded=true] .bubble{display:none}
.launcher[aria-expanded=true] .x{display:block}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;box-sizing:border-box;
border-radius:10px;background:#dc2626;color:#fff;font:600 12px/20px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
text-align:center;border:2px solid #fff}
.badge[hidden],.sr[hidden]{display:none}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.frame{position:fixed;right:20px;bottom:88px;z-index:2147483646;width:370px;max-width:calc(100vw - 40px);
height:560px;max-height:calc(100vh - 108px);border-radius:16px;overflow:hidden;background:#fff;
box-shadow:0 12px 48px rgba(15,23,42,.22),0 2px 8px rgba(15,23,42,.12);opacity:0;visibility:hidden;
transform:translateY(12px) scale(.98);transform-origin:bottom right;
transition:opacity .18s ease,transform .18s ease,visibility 0s linear .18s}
.frame.open{opacity:1;visibility:visible;transform:none;transition:opacity .18s ease,transform .18s ease}
.frame iframe{display:block;width:100%;height:100%;border:0;color-scheme:normal}
@media (prefers-reduced-motion:reduce){.launcher,.frame,.frame.open{transition:none}}
`;

export const LAUNCHER_ICONS =
  '<svg class="bubble" viewBox="0 0 24 24" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"/></svg>' +
  '<svg class="x" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 9l6 6 6-6"/></svg>';
