// GET /stats -> the flow's counters as JSON (for people; side-by-side.sh reads /metrics).
msg.payload = Object.assign({}, flow.get('stats') || {});
return msg;
