// The report page: how a community's alarms went over whole days of its time zone (History.GetCommunityReport), with
// two charts drawn here as SVG from the gateway's figures (no chart library, nothing fetched from elsewhere).
import { enumLabel, t } from "./i18n.js";
import { escapeHtml, formatDuration } from "./format.js";

const svgNs = "http://www.w3.org/2000/svg";
const defaultDays = 30;

export class ReportPage {
  constructor(api, { form, community, first, last, result, csv, json, onError }) {
    this.api = api;
    this.community = community;
    this.first = first;
    this.last = last;
    this.result = result;
    this.csv = csv;
    this.json = json;
    this.onError = onError;
    this.report = null;
    this.links = [];
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.load();
    });
  }

  /** Fills the community list: a post's own communities, or every community an administrator's devices and receivers name. */
  async setCommunities(who) {
    let ids = who.communityIds ?? [];
    if (ids.length === 0) {
      const [devices, receivers] = await Promise.all([this.api.devices(), this.api.receivers()]);
      ids = [...new Set([...(devices.devices ?? []).map((d) => d.communityId), ...(receivers.receivers ?? []).map((r) => r.communityId)])]
        .filter(Boolean).sort();
    }
    this.community.innerHTML = ids.map((id) => `<option value="${escapeHtml(id)}">${escapeHtml(id)}</option>`).join("");
    if (!this.last.value) {
      const today = new Date();
      this.last.value = isoDay(today);
      this.first.value = isoDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - (defaultDays - 1)));
    }
  }

  async load() {
    try {
      this.onError(null);
      this.report = await this.api.communityReport(this.community.value, this.first.value, this.last.value);
      this.render();
      this.offerDownloads();
    } catch (error) {
      this.onError(error);
    }
  }

  render() {
    const r = this.report;
    if (!r) {
      return;
    }
    // Shown first: the charts are drawn at the size the page gives them.
    this.result.hidden = false;
    const ack = r.timeToAcknowledge ?? {};
    const resolve = r.timeToResolve ?? {};
    const figures = [
      ["raised", r.raised ?? 0],
      ["ackMedian", seconds(ack.medianSeconds)],
      ["ackP90", seconds(ack.p90Seconds)],
      ["resolveMedian", seconds(resolve.medianSeconds)],
      ["resolveP90", seconds(resolve.p90Seconds)],
      ["unanswered", r.unanswered ?? 0],
      ["escalated", r.escalated ?? 0],
      ["clearedByGateway", r.clearedByGateway ?? 0],
      ["silentDevices", (r.silentDevices ?? []).length],
      ["lowBatteries", (r.lowBatteryDevices ?? []).length],
      ["receiversDown", (r.receiversDown ?? []).length],
    ];
    this.result.querySelector(".report-title").textContent =
      `${r.communityName || r.communityId} · ${r.firstDay} – ${r.lastDay} (${r.timeZone})`;
    this.result.querySelector(".figures").innerHTML = figures
      .map(([key, value]) => `<div class="figure" data-figure="${key}"><b>${escapeHtml(value)}</b><span>${escapeHtml(t(key))}</span></div>`).join("");
    const days = r.perDay ?? [];
    barChart(this.result.querySelector("#chart-per-day"), days.map((d) => ({ label: d.day.slice(5), value: d.alarms ?? 0, title: d.day })),
      { labelEvery: Math.ceil(days.length / 10) });
    const bars = r.timeToAcknowledgeDistribution ?? [];
    barChart(this.result.querySelector("#chart-ack"), bars.map((b) => ({ label: barLabel(b), value: b.alarms ?? 0, title: barLabel(b) })),
      { labelEvery: 1 });
    table(this.result.querySelector("#report-kinds"), [t("kind"), t("count")],
      (r.byKind ?? []).map((k) => [enumLabel("kind", "ALARM_KIND_", k.kind), k.alarms]));
    table(this.result.querySelector("#report-devices"), [t("subject"), t("kind"), t("count")], [
      ...(r.silentDevices ?? []).map((d) => [`${d.label} · ${d.deviceId}`, enumLabel("kind", "ALARM_KIND_", "ALARM_KIND_SILENT_TOO_LONG"), d.alarms]),
      ...(r.lowBatteryDevices ?? []).map((d) => [`${d.label} · ${d.deviceId}`, enumLabel("kind", "ALARM_KIND_", "ALARM_KIND_LOW_BATTERY"), d.alarms]),
    ]);
    table(this.result.querySelector("#report-receivers"), [t("receiver"), t("outages"), t("downFor"), t("state")],
      (r.receiversDown ?? []).map((x) => [x.label || x.receiverId, x.outages, formatDuration(`${x.downSeconds ?? 0}s`), x.downNow ? t("down") : t("up")]));
  }

  /** The CSV the gateway made and the JSON of the answer, as files to save. */
  offerDownloads() {
    this.links.forEach((url) => URL.revokeObjectURL(url));
    const r = this.report;
    const name = `report-${r.communityId}-${r.firstDay}-${r.lastDay}`;
    const csvBytes = Uint8Array.from(atob(r.csv ?? ""), (c) => c.charCodeAt(0));
    const { csv: _, ...figures } = r;
    const csvUrl = URL.createObjectURL(new Blob([csvBytes], { type: "text/csv;charset=utf-8" }));
    const jsonUrl = URL.createObjectURL(new Blob([JSON.stringify(figures, null, 2)], { type: "application/json" }));
    this.links = [csvUrl, jsonUrl];
    Object.assign(this.csv, { href: csvUrl, download: `${name}.csv`, hidden: false });
    Object.assign(this.json, { href: jsonUrl, download: `${name}.json`, hidden: false });
  }
}

function isoDay(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

function seconds(value) {
  return value === undefined || value === null ? "—" : formatDuration(`${value}s`);
}

function barLabel(bar) {
  const from = formatDuration(`${bar.atLeastSeconds ?? 0}s`);
  return bar.underSeconds === undefined ? `≥ ${from}` : `< ${formatDuration(`${bar.underSeconds}s`)}`;
}

function table(element, headings, rows) {
  element.innerHTML = `<thead><tr>${headings.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>
    <tbody>${rows.length ? rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("")
      : `<tr><td colspan="${headings.length}" class="none">${escapeHtml(t("none"))}</td></tr>`}</tbody>`;
}

/** Vertical bars with the count above each and every labelEvery-th label below; the tallest bar fills the height. */
function barChart(svg, bars, { labelEvery }) {
  // Drawn at the size it is shown, so the bars fill the panel and the text keeps its size.
  const width = Math.max(200, Math.round(svg.clientWidth || 600));
  const height = Math.max(120, Math.round(svg.clientHeight || 180));
  const bottom = 24;
  const top = 14;
  const left = 4;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.replaceChildren();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = (width - left) / Math.max(1, bars.length);
  const barWidth = Math.max(2, step * 0.7);
  bars.forEach((bar, i) => {
    const x = left + i * step + (step - barWidth) / 2;
    const h = ((height - bottom - top) * bar.value) / max;
    const rect = element("rect", { class: "bar", x, y: height - bottom - h, width: barWidth, height: Math.max(h, bar.value ? 1 : 0) });
    rect.appendChild(element("title", {}, `${bar.title}: ${bar.value}`));
    svg.appendChild(rect);
    if (bar.value && (bars.length <= 31 || bar.value === max)) {
      svg.appendChild(element("text", { class: "bar-value", x: x + barWidth / 2, y: height - bottom - h - 3, "text-anchor": "middle" }, String(bar.value)));
    }
    if (i % labelEvery === 0) {
      svg.appendChild(element("text", { class: "bar-label", x: x + barWidth / 2, y: height - 8, "text-anchor": "middle" }, bar.label));
    }
  });
  svg.appendChild(element("line", { class: "axis", x1: left, x2: width, y1: height - bottom, y2: height - bottom }));
}

function element(name, attributes, text) {
  const node = document.createElementNS(svgNs, name);
  Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}
