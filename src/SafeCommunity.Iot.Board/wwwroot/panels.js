// The side panels: locate a device the token may see, and the receivers' health.
import { enumLabel, t } from "./i18n.js";
import { escapeHtml, formatDuration, formatPosition, formatTime, locationSource } from "./format.js";

export class LocatePanel {
  constructor(api, map, { form, device, trail, result, onError }) {
    this.api = api;
    this.map = map;
    this.device = device;
    this.trail = trail;
    this.result = result;
    this.onError = onError;
    this.last = null;
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.locate(Number(this.device.value));
    });
  }

  async loadDevices() {
    const answer = await this.api.devices();
    this.device.innerHTML = (answer.devices ?? [])
      .map((d) => `<option value="${d.id}">${escapeHtml(d.displayName || d.id)} · ${d.id}${d.reportedStolen ? " ⚠" : ""}</option>`).join("");
  }

  async locate(deviceId) {
    try {
      this.device.value = String(deviceId);
      const answer = await this.api.locate(deviceId, this.trail.value);
      this.last = answer;
      this.render();
      this.map.setTrail(answer);
      if (answer.location) {
        this.map.focus(answer.location);
      }
    } catch (error) {
      this.onError(error);
    }
  }

  render() {
    const answer = this.last;
    if (!answer) {
      return;
    }
    const status = answer.status ?? {};
    const flags = ["sos", "fall", "removed", "tamper", "armed", "moving", "charging", "lowBattery"].filter((f) => status[f]);
    const rows = [
      [t("subject"), `${escapeHtml(answer.device?.displayName)} · ${answer.device?.id}`],
      ...(answer.device?.reportedStolen ? [["", `<span class="stolen">${escapeHtml(t("reportedStolen"))}</span>`]] : []),
      [t("position"), answer.location ? `${escapeHtml(formatPosition(answer.location))} (${escapeHtml(locationSource(answer.location.source))})` : escapeHtml(t("never"))],
      [t("age"), answer.age ? escapeHtml(formatDuration(answer.age)) : "—"],
      [t("lastHeard"), escapeHtml(formatTime(answer.lastSeen))],
      [t("lastReceiver"), escapeHtml(answer.lastReceiverId || "—")],
      [t("battery"), status.batteryPercent !== undefined ? `${status.batteryPercent}%` : "—"],
      [t("status"), escapeHtml(flags.join(", ") || "—")],
      [t("trail"), `${answer.trail?.length ?? 0} ${escapeHtml(t("points"))}`],
    ];
    this.result.innerHTML = rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join("");
  }
}

export class ReceiversPanel {
  constructor(api, map, table) {
    this.api = api;
    this.map = map;
    this.body = table.querySelector("tbody");
    this.receivers = [];
  }

  async refresh() {
    const answer = await this.api.receivers();
    this.receivers = answer.receivers ?? [];
    this.map.setReceivers(this.receivers);
    this.render();
  }

  render() {
    this.body.innerHTML = this.receivers.map((r) => {
      const link = String(r.link ?? "").replace("RECEIVER_LINK_STATE_", "");
      return `<tr data-receiver-id="${escapeHtml(r.id)}">
        <td title="${escapeHtml(r.id)}">${escapeHtml(r.name || r.id)}</td>
        <td class="link-${link.toLowerCase()}" title="${escapeHtml(r.linkDetail)}">${escapeHtml(enumLabel("link", "RECEIVER_LINK_STATE_", r.link))}</td>
        <td>${escapeHtml(formatTime(r.lastHeard))}</td>
        <td>${escapeHtml(r.frames)}</td>
        <td>${escapeHtml(Number(r.errors) + Number(r.linkErrors))}</td>
      </tr>`;
    }).join("");
  }
}
