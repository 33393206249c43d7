/** The console's one stylesheet, served by the process (no CDN, no web fonts: it works on an isolated network). */
export const STYLESHEET = `
:root{--ink:#1b2430;--muted:#5b6776;--line:#d9dee5;--bg:#f3f5f8;--panel:#fff;--brand:#0f2a47;--accent:#1f5fa8;
--red:#c0392b;--red-bg:#fbe9e7;--yellow:#a66f00;--yellow-bg:#fff4d6;--green:#2e7d32;--green-bg:#e8f5e9}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
header.top{display:flex;align-items:center;gap:24px;background:var(--brand);color:#fff;padding:0 24px;height:52px}
header.top .brand{font-weight:650;letter-spacing:.02em}
header.top .brand small{font-weight:400;opacity:.7;margin-left:8px}
header.top nav{display:flex;gap:4px;flex:1}
header.top nav a{color:#dbe6f3;padding:15px 12px;border-bottom:3px solid transparent}
header.top nav a.on{color:#fff;border-bottom-color:#6fb1ff}
header.top nav a:hover{text-decoration:none;color:#fff}
header.top .who{font-size:13px;opacity:.9;display:flex;align-items:center;gap:12px}
header.top .who form{margin:0}
header.top .who button{background:transparent;border:1px solid #6d84a0;color:#fff;border-radius:4px;padding:3px 10px;cursor:pointer}
main{padding:20px 24px;max-width:1400px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:0 0 10px}
.sub{color:var(--muted);margin:0 0 16px}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:16px;margin-bottom:16px}
.grid{display:grid;gap:16px}.grid.two{grid-template-columns:1fr 1fr}.grid.three{grid-template-columns:repeat(3,1fr)}
.grid.side{grid-template-columns:2fr 1fr}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600;background:#f8f9fb}
tbody tr:hover{background:#f5f8fc}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;white-space:nowrap;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.badge.red{background:var(--red-bg);color:var(--red)}.badge.yellow{background:var(--yellow-bg);color:var(--yellow)}
.badge.green{background:var(--green-bg);color:var(--green)}
.badge.open{background:#eef2f7;color:var(--muted)}.badge.inspection{background:#e3efff;color:var(--accent)}.badge.done{background:#e8f5e9;color:var(--green)}
.score{display:inline-flex;align-items:center;gap:6px;font-variant-numeric:tabular-nums;font-weight:600}
.score i{display:inline-block;height:6px;border-radius:3px;background:#c9d3df;width:50px;position:relative;overflow:hidden}
.score i b{position:absolute;left:0;top:0;bottom:0;background:var(--accent)}
.reasons{margin:0;padding:0;list-style:none;color:#2a3542}.reasons li{margin:0 0 2px}.reasons .rule{color:var(--muted);font-size:12px}
.item{font-size:12px;color:var(--muted);background:#eef2f7;border-radius:3px;padding:0 5px;margin-left:4px}
form.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end;margin:0}
label{display:block;font-size:12px;color:var(--muted);font-weight:600;margin-bottom:3px}
select{max-width:260px}
input,select,textarea{font:inherit;border:1px solid #bfc8d3;border-radius:4px;padding:6px 8px;background:#fff;color:var(--ink)}
textarea{width:100%;min-height:70px}
button,.button{font:inherit;background:var(--accent);color:#fff;border:0;border-radius:4px;padding:7px 14px;cursor:pointer;font-weight:600}
button.secondary{background:#e9eef4;color:var(--ink)}button.danger{background:var(--red);padding:3px 10px;font-size:12px}
.pager{display:flex;gap:12px;align-items:center;margin-top:12px;color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;font-variant-numeric:tabular-nums}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.trace{margin:0;padding-left:0;list-style:none}.trace ul{list-style:none;padding-left:18px;margin:2px 0}
.trace li{margin:1px 0}.pass{color:var(--green)}.fail{color:var(--red)}.skip{color:#99a3af}
details.rule{border-top:1px solid var(--line);padding:6px 0}details.rule summary{cursor:pointer}
.outcome{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;margin-right:6px}
.outcome.fired{color:var(--red)}.outcome.not-fired{color:var(--muted)}
.check.ok::before{content:"✔ ";color:var(--green)}.check.bad::before{content:"✘ ";color:var(--red)}
.notice{padding:10px 14px;border-radius:4px;margin-bottom:14px}.notice.error{background:var(--red-bg);color:#7d2117}
.notice.ok{background:var(--green-bg);color:#1d5b21}.notice.info{background:#e3efff;color:#18457a}
.bars{display:flex;align-items:flex-end;gap:3px;height:140px;border-bottom:1px solid var(--line);padding-top:8px}
.bars .bar{flex:1;display:flex;flex-direction:column-reverse;min-width:0}
.bars .bar span{display:block}.bars .g{background:#8fcf93}.bars .y{background:#f2c14e}.bars .r{background:#d9534f}
.hours{display:flex;gap:3px;font-size:10px;color:var(--muted)}.hours span{flex:1;text-align:center}
.legend{display:flex;gap:14px;font-size:12px;color:var(--muted);margin-top:6px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:-1px}
.kpi{font-size:26px;font-weight:650;font-variant-numeric:tabular-nums}.kpi small{font-size:13px;color:var(--muted);font-weight:400}
.meter{height:8px;background:#e9eef4;border-radius:4px;position:relative;margin-top:6px}
.meter b{position:absolute;left:0;top:0;bottom:0;background:var(--red);border-radius:4px}
.meter s{position:absolute;top:-3px;bottom:-3px;width:2px;background:var(--ink)}
.login{max-width:360px;margin:80px auto}.login .panel{padding:24px}.login input{width:100%;margin-bottom:12px}
.login button{width:100%}
.empty{color:var(--muted);padding:20px;text-align:center}
`;
