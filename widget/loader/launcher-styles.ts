/**
 * Styles inside the widget's shadow root: the host page's CSS can't reach them, and the host
 * element resets everything it could inherit (font, color, line-height) with `all: initial`.
 * `--c` / `--f` are the owner's color and the text color that reads on it; `.l` on the host puts
 * the widget on the left; `.t` shows a closed frame as a bubble or card `--th` high.
 * The margins keep clear of a phone's notch and home bar. On phones (and short landscape
 * screens) the open window takes the whole visible area: `--vh` / `--vt` follow the visual
 * viewport, so the on-screen keyboard never covers the message box.
 */
export const HOST_STYLE = 'all:initial!important';

export const SHADOW_CSS =
  '.launcher,.frame{position:fixed;right:20px;bottom:20px;z-index:2147483647;' +
  'margin:0 env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left)}' +
  ':host(.l) .launcher,:host(.l) .frame{left:20px;right:auto}' +
  '.launcher{min-width:56px;height:56px;padding:0 15px;border:0;border-radius:28px;background:var(--c,#4338ca);' +
  'color:var(--f,#fff);cursor:pointer;display:flex;align-items:center;gap:8px;font:600 15px system-ui,sans-serif;' +
  'box-shadow:0 4px 16px #0005}' +
  '.launcher:hover{filter:brightness(1.1)}' +
  'svg{width:26px;height:26px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}' +
  '.x,[aria-expanded=true] .bubble,[aria-expanded=true] .txt,.txt:empty,[hidden]{display:none}' +
  '[aria-expanded=true] .x{display:block}' +
  '.badge{position:absolute;top:-4px;right:-4px;min-width:20px;padding:0 6px;box-sizing:border-box;border-radius:10px;' +
  'background:#dc2626;color:#fff;font:600 12px/16px system-ui,sans-serif;text-align:center;border:2px solid #fff}' +
  '.frame{bottom:88px;width:370px;max-width:calc(100vw - 40px);height:560px;max-height:calc(100vh - 108px);' +
  'box-sizing:border-box;border-radius:16px;overflow:hidden;background:#fff;box-shadow:0 8px 40px #0004;' +
  'visibility:hidden;opacity:0;transition:opacity .2s,visibility .2s}' +
  // Visible at once when opening: a frame still hidden can't take the focus.
  '.open,.t{visibility:visible;opacity:1;transition:opacity .2s}' +
  '.t{height:var(--th);background:none;box-shadow:none}' +
  'iframe{display:block;width:100%;height:100%;border:0;color-scheme:normal}' +
  '@media (max-width:480px),(max-height:480px){' +
  '.open{left:0!important;top:var(--vt,0);width:100%;max-width:none;height:var(--vh,100%);max-height:none;margin:0;' +
  'border-radius:0;padding:env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left);' +
  'background:var(--c,#4338ca)}' +
  '.open~.launcher{display:none}}';

export const LAUNCHER_ICONS =
  '<svg class="bubble" viewBox="0 0 24 24"><path d="M4 5h16v11H9l-5 4z"/></svg>' +
  '<svg class="x" viewBox="0 0 24 24"><path d="M6 9l6 6 6-6"/></svg>';
