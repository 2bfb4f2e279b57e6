// The notifications tab (Notifications service): who this post tells of what, adding and removing them, and the
// notices given up on. The rules (scope, levels, private addresses) are the gateway's; the page shows its answers.
import { enumLabel, t } from "./i18n.js";
import { escapeHtml, formatTime } from "./format.js";

export class NotificationsPanel {
  constructor(api, { form, subscriptions, deadLetters, secret, onError }) {
    this.api = api;
    this.form = form;
    this.subscriptionBody = subscriptions.querySelector("tbody");
    this.deadLetterBody = deadLetters.querySelector("tbody");
    this.secret = secret;
    this.onError = onError;
    this.subscriptions = [];
    this.deadLetters = [];
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.add();
    });
    this.subscriptionBody.addEventListener("click", (e) => {
      const button = e.target.closest("button[data-remove]");
      if (button) {
        this.remove(button.dataset.remove);
      }
    });
  }

  async refresh() {
    const [subscriptions, deadLetters] = await Promise.all([this.api.subscriptions(), this.api.deadLetters()]);
    this.subscriptions = subscriptions.subscriptions ?? [];
    this.deadLetters = deadLetters.deadLetters ?? [];
    this.render();
  }

  async add() {
    const field = (name) => this.form.elements[name].value.trim();
    try {
      this.onError(null);
      const answer = await this.api.addSubscription({
        name: field("name"),
        channel: field("channel"),
        address: field("address"),
        level: field("level"),
        minSeverity: field("minSeverity"),
        quietFrom: field("quietFrom"),
        quietUntil: field("quietUntil"),
        language: field("language"),
      });
      // The webhook's signing key is shown once, here; the gateway keeps only what checks it.
      this.secret.textContent = answer.webhookSecret ? `${t("webhookSecret")} ${answer.webhookSecret}` : "";
      this.form.reset();
      await this.refresh();
    } catch (error) {
      this.onError(error);
    }
  }

  async remove(id) {
    try {
      this.onError(null);
      await this.api.removeSubscription(id);
      await this.refresh();
    } catch (error) {
      this.onError(error);
    }
  }

  render() {
    this.subscriptionBody.innerHTML = this.subscriptions.length ? this.subscriptions.map((s) => `<tr data-subscription-id="${escapeHtml(s.id)}">
        <td>${escapeHtml(s.name)}</td>
        <td>${escapeHtml(enumLabel("channel", "NOTIFICATION_CHANNEL_", s.channel))}<br><small>${escapeHtml(s.address)}</small></td>
        <td>${escapeHtml(enumLabel("level", "NOTIFICATION_LEVEL_", s.level))}</td>
        <td>${escapeHtml((s.kinds ?? []).map((k) => enumLabel("kind", "ALARM_KIND_", k)).join(", ") || t("allKinds"))}
          · ≥ ${escapeHtml(enumLabel("severity", "ALARM_SEVERITY_", s.minSeverity))}</td>
        <td>${s.quietFrom ? escapeHtml(`${s.quietFrom}–${s.quietUntil}`) : "—"}</td>
        <td><button type="button" data-remove="${escapeHtml(s.id)}">${escapeHtml(t("remove"))}</button></td>
      </tr>`).join("") : `<tr><td colspan="6" class="none">${escapeHtml(t("none"))}</td></tr>`;
    this.deadLetterBody.innerHTML = this.deadLetters.length ? this.deadLetters.map((d) => `<tr>
        <td>${escapeHtml(formatTime(d.givenUpAt))}</td>
        <td>#${escapeHtml(d.alarmId)} · ${escapeHtml(enumLabel("channel", "NOTIFICATION_CHANNEL_", d.channel))}</td>
        <td>${escapeHtml(d.text)}</td>
        <td>${escapeHtml(d.attempts)} × ${escapeHtml(d.lastError)}</td>
      </tr>`).join("") : `<tr><td colspan="4" class="none">${escapeHtml(t("none"))}</td></tr>`;
  }
}
