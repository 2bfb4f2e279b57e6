// The live alarm list: Alarms.Watch from the first event, resumed after the last event or heartbeat received
// (the gateway's after_sequence rule), so a network drop or a gateway restart loses and doubles nothing. With peers
// (other instances on the same store, so the same sequence), a gateway that does not answer is passed over for the
// next one, and the list resumes there after the same sequence.
import { ApiError } from "./api.js";
import { enumLabel, t } from "./i18n.js";
import { escapeHtml, formatPosition, formatTime } from "./format.js";

const severityName = (alarm) => String(alarm.severity).replace("ALARM_SEVERITY_", "").toLowerCase();
const stateName = (alarm) => String(alarm.state).replace("ALARM_STATE_", "").toLowerCase();
const isUrgent = (alarm) => alarm.severity === "ALARM_SEVERITY_CRITICAL" && alarm.state === "ALARM_STATE_OPEN";
const retryDelays = [500, 1000, 2000, 5000];

export class AlarmList {
  constructor(api, { table, counter, connection, gateway, onSelect, onChange, onSignedOut }) {
    this.api = api;
    this.body = table.querySelector("tbody");
    this.counter = counter;
    this.connection = connection;
    this.gateway = gateway;
    // "" is the page's own gateway; the peers follow, in the board's order.
    this.origins = [""];
    this.onSelect = onSelect;
    this.onChange = onChange;
    this.onSignedOut = onSignedOut;
    this.alarms = new Map();
    this.lastSequence = 0;
    this.selectedId = null;
    this.stopping = new AbortController();
    this.body.addEventListener("click", (e) => this.clicked(e));
  }

  /** The other instances' origins (Board:Peers) to fall back to, after the page's own gateway. */
  setPeers(peers) {
    this.origins = ["", ...peers];
  }

  /**
   * Watches until stopped, resuming after every end of the stream: at the same gateway when it had accepted the
   * watch, else at the next one (after the last peer, the page's own again). Every call of the page follows.
   */
  async run() {
    let failures = 0;
    let current = 0;
    while (!this.stopping.signal.aborted) {
      let answered = false;
      this.api.origin = this.origins[current];
      try {
        await this.api.watch(this.lastSequence, (message) => {
          failures = 0;
          this.received(message);
        }, this.stopping.signal, () => {
          answered = true;
          this.showGateway();
        });
      } catch (error) {
        if (this.stopping.signal.aborted) {
          return;
        }
        if (error instanceof ApiError && error.status === 401) {
          this.onSignedOut(error.message);
          return;
        }
      }
      if (!answered) {
        current = (current + 1) % this.origins.length;
      }
      this.setConnection("reconnecting");
      await new Promise((resolve) => setTimeout(resolve, retryDelays[Math.min(failures++, retryDelays.length - 1)]));
    }
  }

  stop() {
    this.stopping.abort();
  }

  received(message) {
    if (message.heartbeat) {
      this.lastSequence = Math.max(this.lastSequence, Number(message.heartbeat.sequence));
      this.setConnection("live");
      return;
    }
    const sequence = Number(message.event.sequence);
    if (sequence <= this.lastSequence) {
      return;
    }
    this.lastSequence = sequence;
    this.apply(message.event.alarm);
  }

  /** The alarm as it is after an event or an answer: active ones are listed, resolved ones leave the list. */
  apply(alarm) {
    const id = String(alarm.id);
    if (alarm.state === "ALARM_STATE_RESOLVED") {
      this.alarms.delete(id);
    } else {
      this.alarms.set(id, alarm);
    }
    this.render();
    this.onChange();
  }

  get list() {
    return [...this.alarms.values()];
  }

  get hasUrgent() {
    return this.list.some(isUrgent);
  }

  /** Which gateway the list is connected to: its host and port, and its origin for the tests and the tooltip. */
  showGateway() {
    const origin = this.api.origin || location.origin;
    this.gateway.dataset.origin = origin;
    this.gateway.title = origin;
    this.gateway.textContent = new URL(origin).host;
  }

  setConnection(state) {
    this.connection.dataset.state = state;
    this.connection.textContent = t(state);
  }

  render() {
    const rows = this.list.sort((a, b) => (isUrgent(b) - isUrgent(a)) || (Date.parse(b.lastSeen) - Date.parse(a.lastSeen)));
    this.counter.textContent = `(${rows.length})`;
    this.body.innerHTML = rows.map((alarm) => this.row(alarm)).join("");
    if (this.connection.dataset.state) {
      this.connection.textContent = t(this.connection.dataset.state);
    }
  }

  row(alarm) {
    const id = escapeHtml(alarm.id);
    const community = alarm.seenCommunityId && alarm.seenCommunityId !== alarm.homeCommunityId
      ? `${alarm.homeCommunityId}→${alarm.seenCommunityId}` : alarm.homeCommunityId;
    const where = alarm.location ? formatPosition(alarm.location) : (alarm.receiverIds?.join(", ") || alarm.receiverId || "—");
    const classes = [`sev-${severityName(alarm)}`, `state-${stateName(alarm)}`, isUrgent(alarm) ? "urgent" : "", String(alarm.id) === this.selectedId ? "selected" : ""];
    const acknowledge = alarm.state === "ALARM_STATE_OPEN" ? `<button type="button" data-action="acknowledge">${escapeHtml(t("acknowledge"))}</button>` : "";
    return `<tr data-alarm-id="${id}" class="${classes.join(" ")}" title="${escapeHtml(enumLabel("severity", "ALARM_SEVERITY_", alarm.severity))} · ${escapeHtml(alarm.detail)}">
      <td>${escapeHtml(enumLabel("kind", "ALARM_KIND_", alarm.kind))}</td>
      <td>${escapeHtml(alarm.subject)}</td>
      <td>${escapeHtml(community)}</td>
      <td>${escapeHtml(where)}</td>
      <td>${escapeHtml(formatTime(alarm.lastSeen))}</td>
      <td>${escapeHtml(alarm.count)}</td>
      <td class="state">${escapeHtml(enumLabel("state", "ALARM_STATE_", alarm.state))}${alarm.acknowledgedBy ? ` · ${escapeHtml(alarm.acknowledgedBy)}` : ""}</td>
      <td class="actions">${acknowledge}<button type="button" data-action="resolve">${escapeHtml(t("resolve"))}</button></td>
    </tr>`;
  }

  clicked(event) {
    const row = event.target.closest("tr[data-alarm-id]");
    if (!row) {
      return;
    }
    const alarm = this.alarms.get(row.dataset.alarmId);
    if (!alarm) {
      return;
    }
    this.selectedId = row.dataset.alarmId;
    this.render();
    this.onSelect(alarm, event.target.closest("button")?.dataset.action ?? null);
  }
}
